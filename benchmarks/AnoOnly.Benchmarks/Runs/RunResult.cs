using AnoOnly.Benchmarks.Methods;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>One method fitted and scored on one split.</summary>
    internal sealed record RunResult(
        string Dataset,
        string Method,
        BackboneVariant? Variant,
        int Seed,
        double LabelNoise,
        int FeatureCount,
        double AucRoc,
        double AucPr,
        double FitSeconds,
        double ScoreRowsPerSecond,
        double PredictMicroseconds,
        double PeakWorkingSetMb);
}
