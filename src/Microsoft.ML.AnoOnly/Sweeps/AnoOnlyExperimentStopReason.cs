namespace Microsoft.ML.AnoOnly
{
    /// <summary>Why an <see cref="AnoOnlyExperiment"/> stopped running trials.</summary>
    public enum AnoOnlyExperimentStopReason
    {
        /// <summary><see cref="AnoOnlyExperimentSettings.MaxTrials"/> trials ran.</summary>
        MaxTrials = 0,

        /// <summary><see cref="AnoOnlyExperimentSettings.MaxDuration"/> passed.</summary>
        MaxDuration = 1,

        /// <summary>The caller's cancellation token was cancelled.</summary>
        Cancelled = 2,
    }
}
