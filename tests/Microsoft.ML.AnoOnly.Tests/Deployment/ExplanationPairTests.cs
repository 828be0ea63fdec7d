using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// On data whose anomalies differ from normal rows only in features F2 and F5 of eight, the two largest contributions
    /// name that pair for at least 90 % of the detected anomalies, for every backbone; the contributions of a freshly
    /// trained model (which stores its normal reference) add up to the score change; the column carries the slot names
    /// Concatenate gave, and a prediction engine explains as Transform does.
    /// </summary>
    [TestFixtureSource(typeof(AnoOnlyBackboneInfo), nameof(AnoOnlyBackboneInfo.All))]
    public class ExplanationPairTests
    {
        private readonly AnoOnlyBackbone _backbone;

        public ExplanationPairTests(AnoOnlyBackboneInfo backbone) => _backbone = backbone.Backbone;

        public sealed class Row
        {
            public float F0, F1, F2, F3, F4, F5, F6, F7;
            public float Label;
            public bool IsAnomaly;
        }

        public sealed class Explained
        {
            public float Score;
            public bool PredictedLabel;
            public float[] FeatureContributions = Array.Empty<float>();
        }

        private static Row[] Rows(int count, int seed, double labeledShare)
        {
            var random = new Random(seed);
            float Normal() => (float)(0.5 + 0.1 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            return Enumerable.Range(0, count).Select(_ =>
            {
                bool anomaly = random.NextDouble() < 0.1;
                float[] f = Enumerable.Range(0, 8).Select(_ => Normal()).ToArray();
                if (anomaly)
                {
                    f[2] += 0.5f;
                    f[5] += 0.5f;
                }
                return new Row
                {
                    F0 = f[0], F1 = f[1], F2 = f[2], F3 = f[3], F4 = f[4], F5 = f[5], F6 = f[6], F7 = f[7],
                    IsAnomaly = anomaly, Label = anomaly && random.NextDouble() < labeledShare ? 1 : 0,
                };
            }).ToArray();
        }

        [Test]
        public void TopTwoContributionsNameTheAnomalousPair()
        {
            var ml = new MLContext(seed: 1);
            IDataView train = ml.Data.LoadFromEnumerable(Rows(1500, seed: 1, labeledShare: 0.3));
            Row[] testRows = Rows(1000, seed: 2, labeledShare: 0);
            IDataView test = ml.Data.LoadFromEnumerable(testRows);
            var options = new AnoOnlyTrainer.Options
            {
                Backbone = _backbone,
                Seed = 1,
                NumberOfEpochs = 20,
                BatchesPerEpoch = 10,
                BatchSize = _backbone == AnoOnlyBackbone.FeaWad ? 64 : null,
                LearningRate = _backbone is AnoOnlyBackbone.FeaWad or AnoOnlyBackbone.DeepSad ? 1e-3 : null,
            };
            TransformerChain<AnoOnlyTransformer> model = ml.Transforms.Concatenate("Features", "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7")
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(options)).Fit(train);
            IDataView scored = model.Transform(test);
            AnoOnlyFeatureContributionTransformer explainer = ml.Transforms.CalculateAnoOnlyFeatureContribution(model.LastTransformer).Fit(scored);
            IDataView explained = explainer.Transform(scored);

            VBuffer<ReadOnlyMemory<char>> slotNames = default;
            explained.Schema["FeatureContributions"].GetSlotNames(ref slotNames);
            Assert.That(slotNames.DenseValues().Select(n => n.ToString()), Is.EqualTo(new[] { "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7" }));

            Explained[] rows = ml.Data.CreateEnumerable<Explained>(explained, reuseRowObject: false).ToArray();
            int detected = 0, named = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                if (!rows[i].PredictedLabel || !testRows[i].IsAnomaly)
                    continue;
                detected++;
                int[] top = rows[i].FeatureContributions.Select((c, j) => (Size: Math.Abs(c), Feature: j))
                    .OrderByDescending(x => x.Size).Take(2).Select(x => x.Feature).OrderBy(j => j).ToArray();
                if (top.SequenceEqual(new[] { 2, 5 }))
                    named++;
            }
            TestContext.Out.WriteLine($"{_backbone}: {named} of {detected} detected anomalies have F2 and F5 as their top two contributions");
            Assert.That(detected, Is.GreaterThanOrEqualTo(30), "the model detects anomalies");
            Assert.That(named, Is.GreaterThanOrEqualTo(0.9 * detected));

            // The stored reference (mean of the unlabeled training rows): completeness on every test row.
            float referenceScore = model.LastTransformer.Scorer.Score(explainer.NormalReference.ToArray());
            double worst = ExplanationTests.AssertComplete(explained, referenceScore);
            TestContext.Out.WriteLine($"{_backbone}: worst completeness error {worst:E2} of the score change");

            // A prediction engine over the pipeline and the explanation gives the same contributions.
            var pipeline = new TransformerChain<ITransformer>(model, explainer);
            using var engine = ml.Model.CreatePredictionEngine<Row, Explained>(pipeline);
            foreach (int i in new[] { 0, 7, 99 })
                Assert.That(engine.Predict(testRows[i]).FeatureContributions, Is.EqualTo(rows[i].FeatureContributions));
            Assert.Throws<NotSupportedException>(() => ml.Model.Save(pipeline, train.Schema, new System.IO.MemoryStream()));
        }
    }
}
