namespace Microsoft.ML.AnoOnly
{
    /// <summary>Which rows the training loss is computed on.</summary>
    public enum AnoOnlyLoss
    {
        /// <summary>
        /// The AnoOnly method (default): the loss is computed on the labeled anomalies only. Unlabeled rows
        /// still pass through the network in every mixed batch, so the BatchNorm statistics of those batches
        /// act as a weak supervision signal for the (mostly normal) unlabeled data.
        /// </summary>
        AnomalyOnly = 0,

        /// <summary>The backbone's original semi-supervised loss, on labeled anomalies and unlabeled rows.</summary>
        Full = 1,
    }
}
