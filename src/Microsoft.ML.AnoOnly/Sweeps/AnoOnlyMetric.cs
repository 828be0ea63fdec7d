namespace Microsoft.ML.AnoOnly
{
    /// <summary>The cross-validation metric an <see cref="AnoOnlyExperiment"/> maximises.</summary>
    public enum AnoOnlyMetric
    {
        /// <summary>Area under the ROC curve of the held-out scores against the given labels.</summary>
        AreaUnderRocCurve = 0,

        /// <summary>Area under the precision-recall curve (average precision) of the held-out scores against the
        /// given labels. Better suited than AUC-ROC when labeled anomalies are rare.</summary>
        AreaUnderPrCurve = 1,
    }
}
