namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>
    /// A configuration to try and the share of its epochs to train with (1 = all of them).
    /// <paramref name="Bracket"/> and <paramref name="Rung"/> place it in the tuner's plan (both 0 for random search).
    /// </summary>
    internal sealed record TrialCandidate(SweepConfiguration Configuration, double Budget, int Bracket, int Rung);

    /// <summary>Proposes trials one at a time and learns from each result before the next proposal.</summary>
    internal interface ISweepTuner
    {
        /// <summary>The next trial, or null when the tuner has nothing more to propose.</summary>
        TrialCandidate? Propose();

        /// <summary>Reports the metric of <paramref name="candidate"/> (higher is better), or null if it failed.</summary>
        void Complete(TrialCandidate candidate, double? metric);
    }
}
