using Microsoft.ML.AnoOnly;

namespace Deployment;

/// <summary>A scoring request: one row of raw feature values.</summary>
public sealed record ScoreRequest(float[]? Features);

/// <summary>A scoring response.</summary>
public sealed record ScoreResponse(float Score, bool IsAnomaly);

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
                AnomalyPrediction prediction = scorer.Score(request.Features);
                return Results.Ok(new ScoreResponse(prediction.Score, prediction.PredictedLabel));
            }
            catch (AnoOnlyInputException e) // for example a NaN or infinite feature value
            {
                return Results.Problem(statusCode: 400, title: "Bad features", detail: e.Message);
            }
        });
    }
    // </endpoints>
}
