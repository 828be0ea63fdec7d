using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>Behaviour particular to FEAWAD (the contract every backbone keeps is in BackboneContractTests).</summary>
    public class FeaWadTests
    {
        /// <summary>Few short epochs and a larger learning rate than the default, so each fit takes a second or two.</summary>
        private static AnoOnlyTrainer.Options Options(AnoOnlyLoss loss, int seed = 1) => new()
        {
            Backbone = AnoOnlyBackbone.FeaWad,
            Loss = loss,
            Seed = seed,
            NumberOfEpochs = 4,
            BatchesPerEpoch = 8,
            BatchSize = 64,
            LearningRate = 1e-3,
        };

        /// <summary>On a split where every train anomaly is labeled, both losses and both residual terms rank the
        /// test anomalies first.</summary>
        [TestCase(AnoOnlyLoss.Full, FeaWadResidualLoss.NormalizedResidual)]
        [TestCase(AnoOnlyLoss.AnomalyOnly, FeaWadResidualLoss.NormalizedResidual)]
        [TestCase(AnoOnlyLoss.Full, FeaWadResidualLoss.RawResidual)]
        [TestCase(AnoOnlyLoss.AnomalyOnly, FeaWadResidualLoss.RawResidual)]
        public void RanksSyntheticAnomaliesHigh(AnoOnlyLoss loss, FeaWadResidualLoss residual)
        {
            var ml = new MLContext(seed: 1);
            var split = SemiSupervisedSplit.Create(TestData.Synthetic(600, 8, 0.1, seed: 1), seed: 1, labeledFraction: 1.0);
            AnoOnlyTrainer.Options options = Options(loss);
            options.FeaWadResidualLoss = residual;
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(split.Train.ToDataView(ml, split.TrainLabels));
            float[] scores = Scores(model, split.Test.ToDataView(ml));
            Assert.That(scores.All(float.IsFinite), Is.True);
            double auc = AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly);
            TestContext.Out.WriteLine($"FEAWAD {loss} {residual}: test AUC-ROC {auc:F4}");
            Assert.That(auc, Is.GreaterThan(0.95));
        }

        /// <summary>
        /// The case AnoOnly is made for: most train anomalies are unlabeled. FEAWAD's full loss pushes their scores to
        /// zero with the normal rows' and its wide network learns to single out the few labeled ones; the AnoOnly loss
        /// leaves unlabeled rows alone. (The reference runs show the same gap: mean AUC-ROC 0.693 against 0.857.)
        /// </summary>
        [Test]
        public void AnomalyOnlyLossCopesWithUnlabeledAnomalies()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml);
            double full = AnomalyMetrics.AreaUnderRocCurve(
                Scores(ml.AnomalyDetection.Trainers.AnoOnly(Options(AnoOnlyLoss.Full)).Fit(train), test), split.Test.IsAnomaly);
            double anomalyOnly = AnomalyMetrics.AreaUnderRocCurve(
                Scores(ml.AnomalyDetection.Trainers.AnoOnly(Options(AnoOnlyLoss.AnomalyOnly)).Fit(train), test), split.Test.IsAnomaly);
            TestContext.Out.WriteLine($"FEAWAD test AUC-ROC with 10 % of train anomalies labeled: Full {full:F4}, AnomalyOnly {anomalyOnly:F4}");
            Assert.That(anomalyOnly, Is.GreaterThan(0.95));
            Assert.That(anomalyOnly, Is.GreaterThan(full + 0.1));
        }

        [Test]
        public void ResidualLossOptionChangesTraining()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTrainer.Options raw = Options(AnoOnlyLoss.Full);
            raw.FeaWadResidualLoss = FeaWadResidualLoss.RawResidual;
            float[] normalized = Scores(ml.AnomalyDetection.Trainers.AnoOnly(Options(AnoOnlyLoss.Full)).Fit(train), test);
            float[] rawScores = Scores(ml.AnomalyDetection.Trainers.AnoOnly(raw).Fit(train), test);
            Assert.That(rawScores, Is.Not.EqualTo(normalized));
        }

        [TestCase(AnoOnlyLoss.Full)]
        [TestCase(AnoOnlyLoss.AnomalyOnly)]
        public void KeepsBatchNormUnderBothLosses(AnoOnlyLoss loss)
        {
            Assert.That(TrainingSettings.Resolve(Options(loss), 1).UseBatchNorm, Is.True);
            AnoOnlyTrainer.Options off = Options(loss);
            off.UseBatchNorm = false;
            Assert.That(TrainingSettings.Resolve(off, 1).UseBatchNorm, Is.False);
        }

        [Test]
        public void DefaultsFollowTheReference()
        {
            AnoOnlyBackboneInfo defaults = AnoOnlyBackboneInfo.Of(AnoOnlyBackbone.FeaWad);
            Assert.That((defaults.DefaultEpochs, defaults.DefaultBatchesPerEpoch, defaults.DefaultBatchSize, defaults.DefaultLearningRate), Is.EqualTo((30, 20, 512, 1e-4)));
            Assert.That(new AnoOnlyTrainer.Options().FeaWadResidualLoss, Is.EqualTo(FeaWadResidualLoss.NormalizedResidual));
        }

        [Test]
        public void HugeFeaturesRaiseTrainingException()
        {
            var ml = new MLContext(seed: 1);
            LabeledDataset data = TestData.Synthetic(200, 6, 0.1, seed: 3);
            var huge = new LabeledDataset(data.Features.Select(row => row.Select(v => v * 1e25f).ToArray()).ToArray(), data.IsAnomaly);
            var ex = Assert.Throws<AnoOnlyTrainingException>(() => ml.AnomalyDetection.Trainers.AnoOnly(Options(AnoOnlyLoss.AnomalyOnly)).Fit(huge.ToDataView(ml)));
            Assert.That(ex!.Message, Does.Contain("diverged"));
        }

        [Test]
        public void UnknownResidualLossIsRejected()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTrainer.Options options = Options(AnoOnlyLoss.Full);
            options.FeaWadResidualLoss = (FeaWadResidualLoss)42;
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train));
        }

        private static float[] TorchScores(IBackboneModel model, float[][] rows)
        {
            using var scope = NewDisposeScope();
            Tensor input = tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });
            return model.Score(input).data<float>().ToArray();
        }

        private static float[] Scores(ITransformer model, IDataView data)
            => model.Transform(data).GetColumn<float>("Score").ToArray();
    }
}
