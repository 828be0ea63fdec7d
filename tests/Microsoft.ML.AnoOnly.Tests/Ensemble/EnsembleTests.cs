using System;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Ensemble
{
    /// <summary>
    /// The default model: the ensemble's recipe (which members, with which loss), its weights, and that it is one model
    /// that saves, loads and scores like any other. A single backbone is still exactly one network.
    /// </summary>
    public class EnsembleTests
    {
        private static AnoOnlyTrainer.Options Short(int seed = 1) => new() { NumberOfEpochs = 20, BatchesPerEpoch = 10, Seed = seed };

        private static (float Weight, string Name, AnoOnlyLoss? Loss)[] Recipe(AnoOnlyTransformer model)
            => model.Members.Select(m => (m.Weight, m.Name, m.Loss)).ToArray();

        [Test]
        public void TheDefaultIsTheEnsembleAndItSavesLoadsAndRanks()
        {
            Assert.That(new AnoOnlyTrainer.Options().Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble));
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml, rows: 900);
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(Short()).Fit(train);

            Assert.That(model.Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble));
            Assert.That(model.Members.Select(m => (m.Name, m.Loss)), Is.EqualTo(new (string, AnoOnlyLoss?)[]
            {
                ("DevNet", AnoOnlyLoss.AnomalyOnly), ("DeepSAD", AnoOnlyLoss.Full), ("PReNet", AnoOnlyLoss.AnomalyOnly), ("kNN distance", null),
                ("Boosted trees", null),
            }));
            Assert.That(model.Members.Sum(m => m.Weight), Is.EqualTo(1f).Within(1e-5));
            Assert.That(model.Members.Select(m => m.Weight), Is.All.GreaterThanOrEqualTo(0f));
            TestContext.Out.WriteLine(string.Join("; ", model.Members));

            float[] scores = model.Transform(test).GetColumn<float>("Score").ToArray();
            Assert.That(AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly), Is.GreaterThan(0.9));
            string path = Path.Combine(Path.GetTempPath(), "anoonly-ensemble-" + Guid.NewGuid().ToString("N") + ".zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                ITransformer loaded = new MLContext().Model.Load(path, out _);
                Assert.That(loaded.Transform(test).GetColumn<float>("Score").ToArray(), Is.EqualTo(scores), "bit for bit");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void WithOneLabeledAnomalyDevNetTrainsWithItsFullLossAndMembersWeighEqually()
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Synthetic(400, 6, 0.1, seed: 4);
            var labels = new bool[data.Count];
            labels[Array.IndexOf(data.IsAnomaly, true)] = true;
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(Short()).Fit(data.ToDataView(ml, labels));

            // PReNet needs two anomalies to pair; with one there is nothing to hold out for weighing either.
            Assert.That(Recipe(model), Is.EqualTo(new (float, string, AnoOnlyLoss?)[]
            {
                (1f / 3, "DevNet", AnoOnlyLoss.Full), (1f / 3, "DeepSAD", AnoOnlyLoss.Full), (1f / 3, "kNN distance", null),
            }));
        }

        [Test]
        public void TheFullLossTrainsEveryNetworkWithItsFullLoss()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 500);
            AnoOnlyTrainer.Options options = Short();
            options.Loss = AnoOnlyLoss.Full;
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);
            Assert.That(model.Loss, Is.EqualTo(AnoOnlyLoss.Full));
            Assert.That(model.Members.Where(m => m.Backbone != null).Select(m => m.Loss), Is.All.EqualTo(AnoOnlyLoss.Full));
        }

        [Test]
        public void ASingleBackboneIsOneNetworkWithItsScoreUnchanged()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 400);
            AnoOnlyTrainer.Options options = Short();
            options.Backbone = AnoOnlyBackbone.DeepSad;
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);
            Assert.That(model.Backbone, Is.EqualTo(AnoOnlyBackbone.DeepSad));
            Assert.That(Recipe(model), Is.EqualTo(new (float, string, AnoOnlyLoss?)[] { (1f, "DeepSAD", AnoOnlyLoss.AnomalyOnly) }));
            Assert.That(model.State.Members[0].Combination.IsIdentity, "no standardisation of a single network's score");
        }

        [Test]
        public void WeightsGrowWithHeldOutRankingAndAChanceMemberGetsNone()
        {
            double[] weights = MemberWeights.FromAuc(new[] { 0.5, 0.75, 1.0, 0.4 });
            Assert.That(weights.Sum(), Is.EqualTo(1).Within(1e-12));
            Assert.That(weights[0], Is.Zero, "no better than chance");
            Assert.That(weights[3], Is.Zero, "worse than chance");
            Assert.That(weights[2] / weights[1], Is.EqualTo(4).Within(1e-9), "(1 - 0.5)^2 / (0.75 - 0.5)^2: soft, not winner-takes-all");
            Assert.That(MemberWeights.FromAuc(new[] { 0.5, 0.3 }), Is.EqualTo(new[] { 0.5, 0.5 }), "equal when none beats chance");
        }
    }
}
