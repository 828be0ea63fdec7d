using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// The AnoOnly method as one rule, the same for every backbone: a backbone computes a loss per sample
    /// (per row, or per pair for PReNet) and marks which samples involve a labeled anomaly; the
    /// <see cref="AnoOnlyLoss.Full"/> loss averages over all samples, the
    /// <see cref="AnoOnlyLoss.AnomalyOnly"/> loss over the anomaly samples only. Unlabeled rows still shape
    /// the BatchNorm statistics of the batch they ride in.
    /// </summary>
    internal static class LossPolicy
    {
        public static Tensor Reduce(Tensor perSampleLoss, Tensor anomalyMask, AnoOnlyLoss loss)
        {
            if (loss == AnoOnlyLoss.Full)
                return perSampleLoss.mean();
            Tensor mask = anomalyMask.to_type(perSampleLoss.dtype);
            return (perSampleLoss * mask).sum() / mask.sum().clamp_min(1);
        }
    }
}
