using Microsoft.ML.AnoOnly;

namespace Deployment;

/// <summary>A scoring request: one row of raw feature values; <c>Explain</c> asks for the K features that moved the score most.</summary>
public sealed record ScoreRequest(float[]? Features, int Explain = 0);

/// <summary>One feature's share of a score: its position in the feature vector and its signed contribution.</summary>
public sealed record FeatureContribution(int Feature, float Contribution);

/// <summary>A scoring response; <c>Why</c> is set when the request asked for an explanation.</summary>
public sealed record ScoreResponse(float Score, bool IsAnomaly, FeatureContribution[]? Why = null);

public static class ScoringEndpoints
{
    // <endpoints>
    public static void Map(WebApplication app)
    {
        app.MapGet("/health", (AnomalyScorerPool scorer) => Results.Ok(new { status = "ok", featureCount = scorer.FeatureCount }));

        app.MapPost("/score", (ScoreRequest request, AnomalyScorerPool scorer) =>
        {
            if (request.Features is null || request.Features.Length != scorer.FeatureCount)
                return Results.Problem(statusCode: 400, title: "Bad features",
                    detail: $"Send {scorer.FeatureCount} feature values; got {request.Features?.Length ?? 0}.");
            try
            {
                if (request.Explain <= 0)
                {
                    AnomalyPrediction prediction = scorer.Score(request.Features);
                    return Results.Ok(new ScoreResponse(prediction.Score, prediction.PredictedLabel));
                }
                // The K features with the largest contributions (positive: towards anomalous), largest first.
                AnomalyPrediction explained = scorer.Explain(request.Features);
                FeatureContribution[] why = explained.FeatureContributions
                    .Select((contribution, feature) => new FeatureContribution(feature, contribution))
                    .OrderByDescending(c => Math.Abs(c.Contribution)).Take(request.Explain).ToArray();
                return Results.Ok(new ScoreResponse(explained.Score, explained.PredictedLabel, why));
            }
            catch (AnoOnlyInputException e) // for example a NaN or infinite feature value
            {
                return Results.Problem(statusCode: 400, title: "Bad features", detail: e.Message);
            }
        });
    }
    // </endpoints>
}
