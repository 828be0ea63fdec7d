using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Mechanism
{
    /// <summary>
    /// The AnoOnly method, checked on the gradient itself for every backbone: under the AnoOnly loss the unlabeled
    /// rows carry no loss of their own (changing their per-sample loss terms leaves the gradient exactly as it was)
    /// yet still steer training (changing their features changes the gradient), because they share the BatchNorm
    /// statistics of the batch; under the full loss both change it.
    /// </summary>
    public class AnoOnlyLossGradientTests
    {
        /// <summary>Triples the loss of every sample that involves no labeled anomaly and adds a term that depends on the
        /// weights (a change that would move the gradient if those samples counted, even where a backbone's own term for
        /// them is inactive).</summary>
        private static Func<SampleLosses, SampleLosses> TripleUnlabeledTerms(TrainingStage stage) => losses =>
        {
            var unlabeled = 1 - losses.AnomalyMask!;
            return losses with { PerSample = losses.PerSample + unlabeled * (2 * losses.PerSample + MechanismRig.WeightDependentTerm(stage)) };
        };

        [TestCaseSource(typeof(MechanismRig), nameof(MechanismRig.BackbonesAndLosses))]
        public void UnlabeledLossTermsCountOnlyUnderTheFullLoss(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            TrainingSet data = MechanismRig.Rows();
            TrainingSettings settings = MechanismRig.Settings(backbone, loss);
            using IBackboneModel model = MechanismRig.Model(settings, data);
            TrainingStage stage = MechanismRig.DetectorStage(model, data);
            stage.Prepare?.Invoke();

            float[] plain = MechanismRig.Gradient(stage, loss);
            float[] altered = MechanismRig.Gradient(stage, loss, TripleUnlabeledTerms(stage));

            double difference = MechanismRig.RelativeDifference(plain, altered);
            TestContext.Out.WriteLine($"{backbone} {loss}: relative gradient change {difference:G3}");
            Assert.That(plain.Any(g => g != 0), "the batch has a gradient");
            if (loss == AnoOnlyLoss.AnomalyOnly)
                Assert.That(difference, Is.LessThan(1e-6), "under the AnoOnly loss unlabeled samples carry no loss term");
            else
                Assert.That(difference, Is.GreaterThan(1e-3), "under the full loss unlabeled samples carry loss terms");
        }

        [TestCaseSource(typeof(MechanismRig), nameof(MechanismRig.BackbonesAndLosses))]
        public void UnlabeledFeaturesSteerTheGradientUnderBothLosses(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            TrainingSet data = MechanismRig.Rows();
            TrainingSettings settings = MechanismRig.Settings(backbone, loss);
            using IBackboneModel model = MechanismRig.Model(settings, data);
            TrainingStage stage = MechanismRig.DetectorStage(model, data);
            stage.Prepare?.Invoke();
            // The same network, batches drawn from the same positions, unlabeled rows mirrored.
            TrainingStage mirrored = MechanismRig.DetectorStage(model, MechanismRig.WithUnlabeledMirrored(data));

            double difference = MechanismRig.RelativeDifference(MechanismRig.Gradient(stage, loss), MechanismRig.Gradient(mirrored, loss));
            TestContext.Out.WriteLine($"{backbone} {loss}: relative gradient change {difference:G3}");
            Assert.That(difference, Is.GreaterThan(1e-3), "the unlabeled rows in the batch change the gradient");
        }

        /// <summary>
        /// The other half of the mechanism: DevNet scores each row on its own, so without its BatchNorm layer the
        /// unlabeled rows of a batch have no way at all to reach the AnoOnly loss's gradient. BatchNorm is their
        /// only channel (for PReNet, mixed pairs also hold unlabeled rows; DeepSAD always has BatchNorm).
        /// </summary>
        [Test]
        public void WithoutBatchNormUnlabeledRowsDoNotReachTheAnoOnlyGradient()
        {
            TrainingSet data = MechanismRig.Rows();
            TrainingSettings settings = MechanismRig.Settings(AnoOnlyBackbone.DevNet, AnoOnlyLoss.AnomalyOnly, batchNorm: false);
            using IBackboneModel model = MechanismRig.Model(settings, data);
            TrainingStage stage = MechanismRig.DetectorStage(model, data);
            TrainingStage mirrored = MechanismRig.DetectorStage(model, MechanismRig.WithUnlabeledMirrored(data));
            Assert.That(MechanismRig.BatchNorms(stage.Network), Is.Empty);

            double difference = MechanismRig.RelativeDifference(
                MechanismRig.Gradient(stage, AnoOnlyLoss.AnomalyOnly), MechanismRig.Gradient(mirrored, AnoOnlyLoss.AnomalyOnly));
            Assert.That(difference, Is.LessThan(1e-6));
        }
    }
}
