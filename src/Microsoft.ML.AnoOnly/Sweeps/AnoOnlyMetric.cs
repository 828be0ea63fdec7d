namespace Microsoft.ML.AnoOnly
{
    /// <summary>The cross-validation metric an <see cref="AnoOnlyExperiment"/> maximises.</summary>
    public enum AnoOnlyMetric
    {
        /// <summary>Area under the ROC curve of the held-out scores against the given labels (default): the mean
        /// rank of the held-out labeled anomalies among the unlabeled rows, steady even with few of them.</summary>
        AreaUnderRocCurve = 0,

        /// <summary>Area under the precision-recall curve (average precision) of the held-out scores against the
        /// given labels. With few labeled anomalies per fold and unknown anomalies among the unlabeled rows it is
        /// noisy, and sweeps that maximise it picked poor options more often (docs/sweeps.md).</summary>
        AreaUnderPrCurve = 1,
    }
}
