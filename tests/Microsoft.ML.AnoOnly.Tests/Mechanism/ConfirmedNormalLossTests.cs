using System.Linq;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.Mechanism
{
    /// <summary>
    /// Confirmed normals, checked on the gradient for every backbone: every batch holds some (marked by their own mask,
    /// apart from the anomalies'), and under the AnoOnly loss their loss terms count, with
    /// <see cref="LossPolicy.ConfirmedNormalWeight"/> beside the labeled anomalies' mean, while the unlabeled rows' terms
    /// still do not.
    /// </summary>
    public class ConfirmedNormalLossTests
    {
        private const int Confirmed = 20;

        private static (IBackboneModel Model, TrainingStage Stage) Build(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            TrainingSet data = MechanismRig.WithConfirmedNormals(MechanismRig.Rows(), Confirmed);
            IBackboneModel model = MechanismRig.Model(MechanismRig.Settings(backbone, loss), data);
            TrainingStage stage = MechanismRig.DetectorStage(model, data);
            stage.Prepare?.Invoke();
            return (model, stage);
        }

        private static SampleLosses Scale(SampleLosses losses, Tensor which, float factor)
            => losses with { PerSample = losses.PerSample + (factor - 1) * which * losses.PerSample };

        private static Tensor UnlabeledOnly(SampleLosses losses) => 1 - losses.AnomalyMask! - losses.ConfirmedNormalMask!;

        [TestCaseSource(typeof(MechanismRig), nameof(MechanismRig.BackbonesAndLosses))]
        public void EveryBatchMarksItsConfirmedNormalsApartFromTheAnomalies(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            (IBackboneModel model, TrainingStage stage) = Build(backbone, loss);
            using (model)
            using (NewDisposeScope())
            {
                stage.Network.train();
                SampleLosses losses = stage.BatchLoss(new System.Random(2));
                Assert.That(losses.ConfirmedNormalMask, Is.Not.Null, "the backbone passes the batch's confirmed-normal mask on");
                float[] confirmed = losses.ConfirmedNormalMask!.data<float>().ToArray();
                float[] anomaly = losses.AnomalyMask!.data<float>().ToArray();
                Assert.That(confirmed.Sum(), Is.GreaterThan(0));
                Assert.That(confirmed.Zip(anomaly, (c, a) => c * a).Sum(), Is.Zero, "a confirmed-normal sample involves no labeled anomaly");
            }
        }

        [TestCaseSource(typeof(MechanismRig), nameof(MechanismRig.BackbonesAndLosses))]
        public void ConfirmedNormalLossTermsChangeTheGradientUnderBothLosses(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            (IBackboneModel model, TrainingStage stage) = Build(backbone, loss);
            using (model)
            {
                float[] plain = MechanismRig.Gradient(stage, loss);
                float[] altered = MechanismRig.Gradient(stage, loss, l => Scale(l, l.ConfirmedNormalMask!, 3));
                double difference = MechanismRig.RelativeDifference(plain, altered);
                TestContext.Out.WriteLine($"{backbone} {loss}: relative gradient change {difference:G3}");
                Assert.That(difference, Is.GreaterThan(1e-3), "confirmed normals carry loss terms");
            }
        }

        [TestCaseSource(typeof(MechanismRig), nameof(MechanismRig.Networks))]
        public void UnderTheAnoOnlyLossUnlabeledTermsStillDoNotCountBesideConfirmedNormals(AnoOnlyBackbone backbone)
        {
            (IBackboneModel model, TrainingStage stage) = Build(backbone, AnoOnlyLoss.AnomalyOnly);
            using (model)
            {
                float[] plain = MechanismRig.Gradient(stage, AnoOnlyLoss.AnomalyOnly);
                float[] altered = MechanismRig.Gradient(stage, AnoOnlyLoss.AnomalyOnly,
                    l => l with { PerSample = l.PerSample + UnlabeledOnly(l) * (2 * l.PerSample + MechanismRig.WeightDependentTerm(stage)) });
                double difference = MechanismRig.RelativeDifference(plain, altered);
                TestContext.Out.WriteLine($"{backbone}: relative gradient change {difference:G3}");
                Assert.That(plain.Any(g => g != 0), "the batch has a gradient");
                Assert.That(difference, Is.LessThan(1e-6), "unlabeled samples carry no loss term");
            }
        }

        /// <summary>The AnoOnly loss's gradient is the labeled anomalies' part plus the weight times that of the confirmed
        /// normals' mean term, computed here from the per-sample losses.</summary>
        [TestCaseSource(typeof(MechanismRig), nameof(MechanismRig.Networks))]
        public void UnderTheAnoOnlyLossConfirmedNormalsCountWithTheirWeight(AnoOnlyBackbone backbone)
        {
            (IBackboneModel model, TrainingStage stage) = Build(backbone, AnoOnlyLoss.AnomalyOnly);
            using (model)
            {
                float[] both = MechanismRig.Gradient(stage, AnoOnlyLoss.AnomalyOnly);
                float[] anomaliesOnly = MechanismRig.Gradient(stage, AnoOnlyLoss.AnomalyOnly, l => l with { ConfirmedNormalMask = null });
                float[] confirmedMean = MechanismRig.Gradient(stage, AnoOnlyLoss.AnomalyOnly, l => new SampleLosses(
                    ((l.PerSample * l.ConfirmedNormalMask!).sum() / l.ConfirmedNormalMask!.sum()).reshape(1), AnomalyMask: null));
                float[] expected = anomaliesOnly.Zip(confirmedMean, (a, c) => a + LossPolicy.ConfirmedNormalWeight * c).ToArray();
                double difference = MechanismRig.RelativeDifference(both, expected);
                TestContext.Out.WriteLine($"{backbone}: relative difference {difference:G3}");
                Assert.That(MechanismRig.RelativeDifference(both, anomaliesOnly), Is.GreaterThan(1e-3));
                Assert.That(difference, Is.LessThan(1e-4));
            }
        }
    }
}
