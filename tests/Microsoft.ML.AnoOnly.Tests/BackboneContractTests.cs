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
    /// <summary>
    /// What every backbone promises under both losses, trained briefly on the synthetic set: the managed scorer
    /// equals TorchSharp's eval-mode output, save/load is bit-identical, a seed fixes the scores, anomalies rank
    /// first on easy data, and a diverging run fails with a typed exception.
    /// </summary>
    [TestFixtureSource(typeof(Mechanism.MechanismRig), nameof(Mechanism.MechanismRig.BackbonesAndLosses))]
    public class BackboneContractTests
    {
        private readonly AnoOnlyBackbone _backbone;
        private readonly AnoOnlyLoss _loss;

        public BackboneContractTests(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            _backbone = backbone;
            _loss = loss;
        }

        private AnoOnlyTrainer.Options Options(int seed = 7) => new()
        {
            Backbone = _backbone,
            Loss = _loss,
            Seed = seed,
            NumberOfEpochs = 10,
            BatchesPerEpoch = 10,
            // FEAWAD's defaults (batches of 512, lr 1e-4, two stages) need far more steps than a unit test takes.
            BatchSize = _backbone == AnoOnlyBackbone.FeaWad ? 64 : null,
            LearningRate = _backbone == AnoOnlyBackbone.FeaWad ? 1e-3 : null,
        };

        [Test]
        public void ManagedScorerMatchesTorchSharpEvalMode()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, split) = TestData.SyntheticSplit(ml);
            using (var network = TrainedNetwork.Train(Options(), train))
            {
                IBackboneModel model = network.Model;
                float[][] rows = split.Test.Features;
                int d = rows[0].Length;
                using Tensor input = tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, d });
                using Tensor torchScores = model.Score(input);
                float[] expected = torchScores.data<float>().ToArray();
                IAnomalyScorer scorer = new ModelScorer(network.State);
                Assert.That(expected, Has.Length.EqualTo(rows.Length));
                for (int i = 0; i < rows.Length; i++)
                {
                    float actual = scorer.Score(rows[i]);
                    // 1e-5, relative once scores exceed 1 (float32 rounding of a folded vs an unfolded network).
                    Assert.That(actual, Is.EqualTo(expected[i]).Within(1e-5 * Math.Max(1, Math.Abs(expected[i]))), $"row {i}");
                }
                Assert.That(expected.Distinct().Count(), Is.GreaterThan(rows.Length / 2), "scores should differ from row to row");
            }
        }

        [Test]
        public void SaveAndLoadGiveBitIdenticalScores()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(Options()).Fit(train);
            string path = Path.Combine(Path.GetTempPath(), $"anoonly-{_backbone}-{_loss}-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                ITransformer loaded = new MLContext(seed: 2).Model.Load(path, out _);
                float[] before = model.Transform(test).GetColumn<float>("Score").ToArray();
                float[] after = loaded.Transform(test).GetColumn<float>("Score").ToArray();
                Assert.That(after, Is.EqualTo(before));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void SameSeedGivesIdenticalScores()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml);
            float[] first = ml.AnomalyDetection.Trainers.AnoOnly(Options()).Fit(train).Transform(test).GetColumn<float>("Score").ToArray();
            float[] second = ml.AnomalyDetection.Trainers.AnoOnly(Options()).Fit(train).Transform(test).GetColumn<float>("Score").ToArray();
            float[] otherSeed = ml.AnomalyDetection.Trainers.AnoOnly(Options(seed: 8)).Fit(train).Transform(test).GetColumn<float>("Score").ToArray();
            Assert.That(second, Is.EqualTo(first));
            Assert.That(otherSeed, Is.Not.EqualTo(first));
        }

        [Test]
        public void RanksAnomaliesFirstOnEasyData()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml);
            if (_backbone == AnoOnlyBackbone.FeaWad && _loss == AnoOnlyLoss.Full)
            {
                // FEAWAD's full loss trains the unlabeled anomalies as normal and ranks them low (about 0.8 here;
                // FeaWadTests.AnomalyOnlyLossCopesWithUnlabeledAnomalies): with every train anomaly labeled it ranks well.
                var everyAnomalyLabeled = SemiSupervisedSplit.Create(TestData.Synthetic(600, 8, 0.1, 1), 1, labeledFraction: 1);
                (train, test, split) = (everyAnomalyLabeled.Train.ToDataView(ml, everyAnomalyLabeled.TrainLabels),
                    everyAnomalyLabeled.Test.ToDataView(ml), everyAnomalyLabeled);
            }
            AnoOnlyTrainer.Options options = Options();
            if (_backbone == AnoOnlyBackbone.DeepSad)
                options.LearningRate = 1e-3; // 100 steps at the default 1e-4 barely move DeepSAD from its initialisation
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);
            float[] scores = model.Transform(test).GetColumn<float>("Score").ToArray();
            Assert.That(scores.All(float.IsFinite), "every score finite");
            Assert.That(float.IsFinite(model.Threshold));
            double auc = AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly);
            TestContext.Out.WriteLine($"{_backbone} {_loss}: test AUC-ROC {auc:F4}");
            Assert.That(auc, Is.GreaterThan(0.9));
        }

        [Test]
        public void DivergingRunFailsWithTrainingException()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTrainer.Options options = Options();
            options.LearningRate = 1e30;
            var e = Assert.Throws<AnoOnlyTrainingException>(() => ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train));
            TestContext.Out.WriteLine(e!.Message);
            Assert.That(e.Message, Does.Contain(DisplayName(_backbone)).And.Contain("diverged"));
        }

        private static string DisplayName(AnoOnlyBackbone backbone) => backbone switch
        {
            AnoOnlyBackbone.DeepSad => "DeepSAD",
            AnoOnlyBackbone.FeaWad => "FEAWAD",
            _ => backbone.ToString(),
        };
    }
}
