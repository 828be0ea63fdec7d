namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>
    /// The analyst loop after one round: <paramref name="Reviewed"/> rows reviewed so far, <paramref name="Found"/> anomalies
    /// found among them, the detection rate (labeled anomalies, those labeled at the start included, over the pool's
    /// anomalies) and the held-out AUC-ROC of the model refitted on the labels known after the round. Round 0 is the start.
    /// </summary>
    internal sealed record LoopResult(string Dataset, int Seed, string Strategy, int Round, int Reviewed, int Found,
        double DetectionRate, double AucRoc);
}
