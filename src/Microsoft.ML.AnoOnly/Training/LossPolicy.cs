using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>A batch's loss as a backbone computes it: a loss per sample (per row, or per pair for PReNet),
    /// which samples involve a labeled anomaly (null for a stage the AnoOnly rule does not govern, such as
    /// FEAWAD's autoencoder pretraining on unlabeled rows), an optional penalty on the weights, and which samples are
    /// confirmed normals (rows a person reviewed and found normal; null when the training set has none). The loss of
    /// a sample that involves no labeled anomaly is the backbone's term for a normal sample.</summary>
    internal readonly record struct SampleLosses(Tensor PerSample, Tensor? AnomalyMask, Tensor? Penalty = null,
        Tensor? ConfirmedNormalMask = null);

    /// <summary>
    /// The AnoOnly method as one rule, the same for every backbone and applied by <see cref="TrainingLoop"/> alone:
    /// the <see cref="AnoOnlyLoss.Full"/> loss averages the per-sample losses over all samples (confirmed normals are
    /// normal samples there like the unlabeled ones), the <see cref="AnoOnlyLoss.AnomalyOnly"/> loss over the samples
    /// that involve a labeled anomaly, plus <see cref="ConfirmedNormalWeight"/> times the mean over the confirmed-normal
    /// samples when the batch has any. Unlabeled rows still pass through the network in the same batch, so they shape
    /// its BatchNorm statistics: that is their only influence on the gradient (tests check both halves of this statement).
    /// </summary>
    internal static class LossPolicy
    {
        /// <summary>
        /// The weight of the confirmed normals' mean loss beside the labeled anomalies' under the AnoOnly loss: 1, the two
        /// kinds of reviewed rows count alike. Both terms are means, so the weight does not depend on how many rows of
        /// each kind there are.
        /// </summary>
        public const float ConfirmedNormalWeight = 1f;

        public static Tensor Reduce(SampleLosses losses, AnoOnlyLoss loss)
        {
            Tensor reduced;
            if (losses.AnomalyMask is not Tensor anomalyMask || loss == AnoOnlyLoss.Full)
                reduced = losses.PerSample.mean();
            else if (losses.ConfirmedNormalMask is Tensor confirmedMask)
                reduced = MeanOver(losses.PerSample, anomalyMask) + ConfirmedNormalWeight * MeanOver(losses.PerSample, confirmedMask);
            else
                reduced = MeanOver(losses.PerSample, anomalyMask);
            return losses.Penalty is Tensor penalty ? reduced + penalty : reduced;
        }

        private static Tensor MeanOver(Tensor perSample, Tensor mask)
        {
            Tensor weights = mask.to_type(perSample.dtype);
            return (perSample * weights).sum() / weights.sum().clamp_min(1);
        }
    }
}
