using System;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Settings of an <see cref="AnoOnlyExperiment"/>, the hyperparameter sweep of <see cref="AnoOnlyTrainer"/>.
    /// Create the experiment with <c>mlContext.AnomalyDetection.CreateAnoOnlyExperiment(settings)</c>.
    /// </summary>
    public sealed class AnoOnlyExperimentSettings
    {
        /// <summary>Most trials to run. A trial is one set of options cross-validated over all folds. Default: 20.</summary>
        public int MaxTrials { get; set; } = 20;

        /// <summary>
        /// Wall-clock limit of the trials. No trial starts after it, and the running one is stopped and dropped
        /// when it passes. The final fit on all the data comes after it (about one more full training; two when a
        /// configuration joins the default), and so does, when the sweep proposes to leave the default, the
        /// confirmation of that choice on fresh folds (two more cross-validations). <see langword="null"/> (default):
        /// no limit.
        /// </summary>
        public TimeSpan? MaxDuration { get; set; }

        /// <summary>
        /// The cross-validation metric to maximise. Default: <see cref="AnoOnlyMetric.AreaUnderRocCurve"/>, the steadier
        /// of the two with a handful of held-out labeled anomalies per fold (docs/sweeps.md compares them).
        /// </summary>
        public AnoOnlyMetric Metric { get; set; } = AnoOnlyMetric.AreaUnderRocCurve;

        /// <summary>
        /// Folds of the stratified cross-validation. Capped by the number of labeled anomalies, so each held-out
        /// fold has at least one. Must be at least 2. Default: 3.
        /// </summary>
        public int NumberOfFolds { get; set; } = 3;

        /// <summary>How trials are chosen. Default: <see cref="AnoOnlyTuner.SuccessiveHalving"/>.</summary>
        public AnoOnlyTuner Tuner { get; set; } = AnoOnlyTuner.SuccessiveHalving;

        /// <summary>
        /// Seed of the folds, the tuner and every training run, so the same data and seed give the same trials.
        /// <see langword="null"/> (default): drawn from the <see cref="MLContext"/>'s random source.
        /// </summary>
        public int? Seed { get; set; }

        /// <summary>
        /// The options every trial and the final fit start from: the column names, <c>Contamination</c>,
        /// <c>MaxUnlabeledRows</c>, <c>Device</c>, <c>BatchesPerEpoch</c>, <c>UseBatchNorm</c>. The settings the
        /// sweep searches (those marked with <c>[Choice]</c> or <c>[Range]</c>: backbone, loss, learning rate,
        /// epochs, batch size) are overwritten, and so are <c>Seed</c> and <c>CancellationToken</c>.
        /// <see langword="null"/> (default): <c>new AnoOnlyTrainer.Options()</c> (columns <c>Features</c> and <c>Label</c>).
        /// </summary>
        public AnoOnlyTrainer.Options? TrainerOptions { get; set; }

        internal void Validate()
        {
            if (MaxTrials < 1)
                throw new ArgumentOutOfRangeException(nameof(MaxTrials), MaxTrials, "MaxTrials must be at least 1.");
            if (MaxDuration is TimeSpan duration && duration <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(MaxDuration), duration, "MaxDuration must be positive (or null for no limit).");
            if (NumberOfFolds < 2)
                throw new ArgumentOutOfRangeException(nameof(NumberOfFolds), NumberOfFolds,
                    "NumberOfFolds must be at least 2: the sweep scores options on held-out labeled anomalies.");
            if (!Enum.IsDefined(Metric))
                throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Unknown metric.");
            if (!Enum.IsDefined(Tuner))
                throw new ArgumentOutOfRangeException(nameof(Tuner), Tuner, "Unknown tuner.");
        }
    }
}
