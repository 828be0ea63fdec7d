using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Backbones.Trees;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Tests.Deployment;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Ensemble
{
    /// <summary>
    /// The ensemble's boosted-trees member: it finds anomalies defined by thresholds from a few labels, scores to the same
    /// bits alone, in blocks and in ONNX Runtime, explains with exact per-tree Shapley values that add up to the score
    /// change, refuses tampered trees, and joins the default model from five labeled anomalies.
    /// </summary>
    public class BoostedTreesTests
    {
        private const int Width = 8;

        /// <summary>Uniform rows; an anomaly has feature 3 above 0.93 or feature 6 below 0.07 (thresholds, not a shift of
        /// the whole row).</summary>
        private static LabeledDataset ThresholdRows(int count, int seed)
        {
            var random = new Random(seed);
            var rows = new float[count][];
            var isAnomaly = new bool[count];
            for (int i = 0; i < count; i++)
            {
                rows[i] = Enumerable.Range(0, Width).Select(_ => (float)(0.05 + 0.9 * random.NextDouble())).ToArray();
                if (random.NextDouble() < 0.05)
                {
                    isAnomaly[i] = true;
                    if (random.NextDouble() < 0.5)
                        rows[i][3] = (float)(0.95 + 0.05 * random.NextDouble());
                    else
                        rows[i][6] = (float)(0.05 * random.NextDouble());
                }
            }
            return new LabeledDataset(rows, isAnomaly);
        }

        /// <summary>Ten labeled anomalies; the other anomalies stay unlabeled, as in the benchmark's protocol.</summary>
        private static TrainingSet Training(LabeledDataset data, int labeled = 10)
        {
            var anomalies = new RowBuffer(Width);
            var unlabeled = new RowBuffer(Width);
            int labels = 0;
            for (int i = 0; i < data.Count; i++)
            {
                if (data.IsAnomaly[i] && labels < labeled)
                {
                    anomalies.Add(data.Features[i]);
                    labels++;
                }
                else
                {
                    unlabeled.Add(data.Features[i]);
                }
            }
            return TrainingSet.FromRows(anomalies, unlabeled);
        }

        private static MemberState Train(TrainingSet data, int seed = 1)
            => BoostedTreesMember.Instance.Train(data, FitSettings.Resolve(new AnoOnlyTrainer.Options(), seed), AnoOnlyLoss.AnomalyOnly, seed, 1,
                TrainingReporter.Silent, CancellationToken.None);

        /// <summary>Three sets (a single small set varies by several hundredths): the mean held-out AUC-ROC.</summary>
        [Test]
        public void TreesFindThresholdAnomaliesFromTenLabels()
        {
            double sum = 0;
            foreach (int seed in new[] { 10, 20, 30 })
            {
                var scorer = new BoostedTreesScorer(Train(Training(ThresholdRows(2000, seed))));
                LabeledDataset test = ThresholdRows(2000, seed + 1);
                sum += AnomalyMetrics.AreaUnderRocCurve(test.Features.Select(r => scorer.Score(r)).ToArray(), test.IsAnomaly);
            }
            TestContext.Out.WriteLine($"mean held-out AUC-ROC {sum / 3:F4}");
            Assert.That(sum / 3, Is.GreaterThan(0.98));
        }

        [Test]
        public void TrainingIsDeterministic()
        {
            TrainingSet data = Training(ThresholdRows(1500, seed: 3));
            Assert.That(Train(data, seed: 4).Tensors[BoostedTreesMember.Trees].Data, Is.EqualTo(Train(data, seed: 4).Tensors[BoostedTreesMember.Trees].Data));
        }

        [Test]
        public void ARowScoresToTheSameBitsAloneInABlockAndInOnnxRuntime()
        {
            var scorer = new BoostedTreesScorer(Train(Training(ThresholdRows(1500, seed: 5))));
            float[][] rows = ThresholdRows(300, seed: 6).Features;
            var block = new float[rows.Length];
            scorer.ScoreBlock(rows.SelectMany(r => r).ToArray(), rows.Length, block);
            float[] alone = rows.Select(r => scorer.Score(r)).ToArray();
            Assert.That(block, Is.EqualTo(alone), "bit for bit");

            var ml = new MLContext(seed: 1);
            var state = new ModelState("Features", Width, 0f, new[] { Train(Training(ThresholdRows(1500, seed: 5))) });
            var model = new AnoOnlyTransformer(state, ThresholdRows(10, seed: 6).ToDataView(ml).Schema);
            (float[] scores, _) = OnnxExportTests.Run(OnnxExportTests.Export(ml, model), rows);
            Assert.That(scores, Is.EqualTo(alone), "the leaf values are exact in any order of addition");
        }

        [Test]
        public void ContributionsAreExactAndAddUpToTheScoreChange()
        {
            var scorer = new BoostedTreesScorer(Train(Training(ThresholdRows(1500, seed: 7))));
            float[] reference = Enumerable.Repeat(0.5f, Width).ToArray();
            var contributions = new float[Width];
            foreach (float[] row in ThresholdRows(200, seed: 8).Features)
            {
                scorer.Explain(row, reference, contributions);
                double change = scorer.Score(row) - scorer.Score(reference);
                Assert.That(contributions.Sum(c => (double)c), Is.EqualTo(change).Within(1e-4 * Math.Max(1, Math.Abs(change))));
            }

            // A row that differs from the reference in feature 3 only: every other feature gets exactly nothing.
            float[] one = reference.ToArray();
            one[3] = 0.99f;
            scorer.Explain(one, reference, contributions);
            Assert.That(contributions.Where((_, i) => i != 3), Is.All.EqualTo(0f));
            Assert.That(contributions[3], Is.GreaterThan(0f), "above the threshold raises the score");
        }

        private static IEnumerable<TestCaseData> Tamperings()
        {
            yield return new TestCaseData(DepthTwoTree.RootFeature, (float)Width).SetName("feature past the row");
            yield return new TestCaseData(DepthTwoTree.LeftFeature, -1f).SetName("negative feature");
            yield return new TestCaseData(DepthTwoTree.RightFeature, 1.5f).SetName("fractional feature");
            yield return new TestCaseData(DepthTwoTree.RootThreshold, float.NaN).SetName("threshold not a number");
            yield return new TestCaseData(DepthTwoTree.FirstLeaf + 2, float.PositiveInfinity).SetName("infinite leaf");
        }

        [TestCaseSource(nameof(Tamperings))]
        public void ATamperedTreeIsRefused(int field, float value)
        {
            MemberState member = Train(Training(ThresholdRows(600, seed: 9)));
            float[] trees = member.Tensors[BoostedTreesMember.Trees].Data.ToArray();
            trees[DepthTwoTree.Width * 7 + field] = value;
            var tampered = new MemberState(member.Backbone, member.Loss, member.FeatureCount, member.Combination,
                new Dictionary<string, StoredTensor> { [BoostedTreesMember.Trees] = new(member.Tensors[BoostedTreesMember.Trees].Shape, trees) });
            Assert.Throws<AnoOnlyModelFormatException>(() => _ = new BoostedTreesScorer(tampered));
        }

        [Test]
        public void TheDefaultModelAddsTheTreesFromFiveLabeledAnomalies()
        {
            var ml = new MLContext(seed: 1);
            var options = new AnoOnlyTrainer.Options { NumberOfEpochs = 10, BatchesPerEpoch = 5 };
            LabeledDataset data = ThresholdRows(1200, seed: 10);
            bool[] Labels(int count)
            {
                int seen = 0;
                return data.IsAnomaly.Select(a => a && seen++ < count).ToArray();
            }
            AnoOnlyTransformer four = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(data.ToDataView(ml, Labels(4)));
            AnoOnlyTransformer ten = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(data.ToDataView(ml, Labels(10)));
            Assert.That(four.Members.Select(m => m.Name), Does.Not.Contain("Boosted trees"));
            AnoOnlyMemberInfo trees = ten.Members.Single(m => m.Name == "Boosted trees");
            TestContext.Out.WriteLine(string.Join("; ", ten.Members));
            Assert.That(trees.Backbone, Is.Null, "not a backbone the options can select");
            Assert.That(trees.Weight, Is.GreaterThan(ten.Members.Where(m => m.Backbone != null).Min(m => m.Weight)),
                "on threshold anomalies the trees rank held-out labels better than some network");

            // The whole model, trees among its members, in ONNX Runtime.
            LabeledDataset test = ThresholdRows(300, seed: 11);
            IDataView scored = ten.Transform(test.ToDataView(ml));
            OnnxExportTests.AssertSameScores(OnnxExportTests.Export(ml, ten), test.Features, scored.GetColumn<float>("Score").ToArray(),
                scored.GetColumn<bool>("PredictedLabel").ToArray(), ten.Threshold);
        }
    }
}
