namespace Microsoft.ML.AnoOnly
{
    /// <summary>How a trial of an <see cref="AnoOnlyExperiment"/> ended.</summary>
    public enum AnoOnlyTrialStatus
    {
        /// <summary>Every fold trained and was scored; the trial has a metric.</summary>
        Succeeded = 0,

        /// <summary>Training failed (it diverged, or the options do not suit the data); the trial ranks last.</summary>
        Failed = 1,
    }
}
