using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>A batch's loss as a backbone computes it: a loss per sample (per row, or per pair for PReNet),
    /// which samples involve a labeled anomaly (null for a stage the AnoOnly rule does not govern, such as
    /// FEAWAD's autoencoder pretraining on unlabeled rows), and an optional penalty on the weights.</summary>
    internal readonly record struct SampleLosses(Tensor PerSample, Tensor? AnomalyMask, Tensor? Penalty = null);

    /// <summary>
    /// The AnoOnly method as one rule, the same for every backbone and applied by <see cref="TrainingLoop"/> alone:
    /// the <see cref="AnoOnlyLoss.Full"/> loss averages the per-sample losses over all samples, the
    /// <see cref="AnoOnlyLoss.AnomalyOnly"/> loss over the samples that involve a labeled anomaly only. Unlabeled
    /// rows still pass through the network in the same batch, so they shape its BatchNorm statistics: that is
    /// their only influence on the gradient (tests check both halves of this statement).
    /// </summary>
    internal static class LossPolicy
    {
        public static Tensor Reduce(SampleLosses losses, AnoOnlyLoss loss)
        {
            Tensor reduced = losses.AnomalyMask is not Tensor anomalyMask || loss == AnoOnlyLoss.Full
                ? losses.PerSample.mean()
                : MeanOver(losses.PerSample, anomalyMask);
            return losses.Penalty is Tensor penalty ? reduced + penalty : reduced;
        }

        private static Tensor MeanOver(Tensor perSample, Tensor anomalyMask)
        {
            Tensor mask = anomalyMask.to_type(perSample.dtype);
            return (perSample * mask).sum() / mask.sum().clamp_min(1);
        }
    }
}
