using System.Net;
using System.Net.Http.Json;
using Microsoft.ML;
using Microsoft.ML.AnoOnly.Evaluation;

namespace Deployment;

/// <summary>
/// The headless check: posts real rows of the bundled data to the running server, many at once (the
/// scorer pool must be thread-safe), one request that asks for an explanation, and one malformed request, and reports
/// what came back.
/// </summary>
public static class SelfTest
{
    public static async Task<bool> RunAsync(Uri server)
    {
        using var client = new HttpClient { BaseAddress = server };
        LabeledDataset cardio = LabeledDataset.LoadCsv(new MLContext(seed: 1), DemoModel.DataPath);
        int[] anomalies = Enumerable.Range(0, cardio.Count).Where(i => cardio.IsAnomaly[i]).Take(50).ToArray();
        int[] normals = Enumerable.Range(0, cardio.Count).Where(i => !cardio.IsAnomaly[i]).Take(150).ToArray();

        // 200 requests in parallel.
        int[] rows = anomalies.Concat(normals).ToArray();
        ScoreResponse[] responses = await Task.WhenAll(rows.Select(async i =>
        {
            HttpResponseMessage reply = await client.PostAsJsonAsync("/score", new ScoreRequest(cardio.Features[i]));
            reply.EnsureSuccessStatusCode();
            return (await reply.Content.ReadFromJsonAsync<ScoreResponse>())!;
        }));
        double flaggedAnomalies = responses.Take(anomalies.Length).Count(r => r.IsAnomaly) / (double)anomalies.Length;
        double flaggedNormals = responses.Skip(anomalies.Length).Count(r => r.IsAnomaly) / (double)normals.Length;
        double meanAnomaly = responses.Take(anomalies.Length).Average(r => r.Score);
        double meanNormal = responses.Skip(anomalies.Length).Average(r => r.Score);
        Console.WriteLine($"POST /score x{rows.Length} in parallel: mean score {meanAnomaly:F3} for known anomalies, {meanNormal:F3} for normal rows; " +
                          $"flagged {flaggedAnomalies:P0} of the anomalies and {flaggedNormals:P0} of the normal rows.");

        // One known anomaly, explained: the three features that moved its score most.
        HttpResponseMessage explainedReply = await client.PostAsJsonAsync("/score", new ScoreRequest(cardio.Features[anomalies[0]], Explain: 3));
        explainedReply.EnsureSuccessStatusCode();
        ScoreResponse explained = (await explainedReply.Content.ReadFromJsonAsync<ScoreResponse>())!;
        Console.WriteLine($"POST /score with Explain = 3 for a known anomaly: score {explained.Score:F3}, flagged {explained.IsAnomaly}; " +
                          "largest contributions " + string.Join(", ", explained.Why!.Select(w => $"f{w.Feature} {w.Contribution:+0.000;-0.000}")));

        HttpResponseMessage bad = await client.PostAsJsonAsync("/score", new ScoreRequest(new float[] { 1, 2, 3 }));
        Console.WriteLine($"POST /score with 3 features: {(int)bad.StatusCode} {await bad.Content.ReadAsStringAsync()}");

        bool ok = meanAnomaly > meanNormal && bad.StatusCode == HttpStatusCode.BadRequest
            && explained.Why!.Length == 3 && Math.Abs(explained.Score - responses[0].Score) < 1e-4f;
        Console.WriteLine(ok ? "Self-test passed." : "Self-test FAILED.");
        return ok;
    }
}
