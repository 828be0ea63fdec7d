using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones.FeaWad;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// Explanations: contributions add up to the score's change from the reference (completeness) for every backbone x
    /// loss, equal exact integrated gradients where the network allows, name the features that make the anomalies, and
    /// combine over a model's members.
    /// </summary>
    public class ExplanationTests
    {
        public static string[] Models => FixtureModels.Names;

        /// <summary>Σ contributions = Score(row) - Score(reference) for the cardio test rows, every backbone x loss.</summary>
        [TestCaseSource(nameof(Models))]
        public void ContributionsAddUpToTheScoreChange(string name)
        {
            var ml = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = FixtureModels.Load(ml, name);
            // Format-1 fixtures store no reference: the mean of the normalized training rows stands in for it.
            float[] reference = NormalizedMean(ml, model, FixtureModels.CardioSplit(ml).Train.ToDataView(ml));
            IDataView scored = model.Transform(FixtureModels.CardioSplit(ml).Test.ToDataView(ml));
            AnoOnlyFeatureContributionTransformer explainer = ml.Transforms
                .CalculateAnoOnlyFeatureContribution(model.LastTransformer, reference).Fit(scored);
            float referenceScore = model.LastTransformer.Scorer.Score(reference);
            double worst = AssertComplete(explainer.Transform(scored), referenceScore);
            TestContext.Out.WriteLine($"{name}: worst completeness error {worst:E2} of the score change");
        }

        /// <summary>
        /// A scorer keeps what it computed from the last reference (FEAWAD: the reference's forward pass) for the next
        /// row: explaining against one reference, another, a copy of the first with one zero's sign flipped, and the first
        /// again gives each time the bits a freshly loaded model gives for that pair, for every backbone x loss.
        /// </summary>
        [TestCaseSource(nameof(Models))]
        public void AChangedReferenceIsNeverExplainedWithTheLastOnesWork(string name)
        {
            var ml = new MLContext(seed: 1);
            IAnomalyScorer kept = FixtureModels.Load(ml, name).LastTransformer.Scorer;
            float[][] rows = FixtureModels.TestRows(ml, 3);
            float[] first = (float[])rows[1].Clone(), second = rows[2];
            first[0] = 0f;
            float[] signed = (float[])first.Clone();
            signed[0] = -0f;
            foreach (float[] reference in new[] { first, second, signed, first })
            {
                IAnomalyScorer fresh = FixtureModels.Load(ml, name).LastTransformer.Scorer;
                float[] expected = new float[kept.FeatureCount], actual = new float[kept.FeatureCount];
                fresh.Explain(rows[0], reference, expected);
                kept.Explain(rows[0], reference, actual);
                Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)),
                    $"{name}, reference with first value {reference[0]}");
            }
        }

        /// <summary>Checks every row's completeness within 1 % of its score change; returns the worst relative error.</summary>
        internal static double AssertComplete(IDataView explained, float referenceScore)
        {
            float[] scores = explained.GetColumn<float>("Score").ToArray();
            float[][] contributions = explained.GetColumn<float[]>(AnoOnlyFeatureContributionTransformer.FeatureContributionsColumnName).ToArray();
            double worst = 0;
            int checkedRows = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                double change = (double)scores[i] - referenceScore, sum = contributions[i].Sum(c => (double)c);
                // Below float rounding of the two scores, a change is noise: judged absolutely there.
                double floor = 1e-5 * Math.Max(1, Math.Max(Math.Abs(scores[i]), Math.Abs(referenceScore)));
                Assert.That(Math.Abs(sum - change), Is.LessThanOrEqualTo(0.01 * Math.Abs(change) + floor), $"row {i}: Σ {sum}, change {change}");
                if (Math.Abs(change) > 100 * floor)
                {
                    worst = Math.Max(worst, Math.Abs(sum - change) / Math.Abs(change));
                    checkedRows++;
                }
            }
            Assert.That(checkedRows, Is.GreaterThan(scores.Length / 2), "most rows' scores differ from the reference's");
            return worst;
        }

        private static float[] NormalizedMean(MLContext ml, TransformerChain<AnoOnlyTransformer> model, IDataView train)
        {
            float[][] rows = model.First().Transform(train).GetColumn<float[]>("Features").ToArray();
            return Enumerable.Range(0, rows[0].Length).Select(j => (float)rows.Average(r => r[j])).ToArray();
        }

        /// <summary>For a one-hidden-layer ReLU network DeepLIFT-Rescale is exact integrated gradients (proof in
        /// TwoLayerScorer.Explain): checked against a fine midpoint grid of the exact gradient, in double.</summary>
        [TestCase("devnet-anomalyonly")]
        [TestCase("prenet-full")]
        public void TwoLayerContributionsEqualNumericalIntegratedGradients(string name)
        {
            var ml = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = FixtureModels.Load(ml, name);
            var scorer = (TwoLayerScorer)((ModelScorer)model.LastTransformer.Scorer).Members[0];
            float[][] rows = model.First().Transform(FixtureModels.CardioSplit(ml).Test.ToDataView(ml)).GetColumn<float[]>("Features").Take(20).ToArray();
            float[] reference = rows[0];
            int d = reference.Length, hidden = scorer.Hidden.Outputs;
            float[] w = scorer.Hidden.Weights.ToArray(), v = scorer.Output.Weights.ToArray(), b = scorer.Hidden.Bias!;
            var contributions = new float[d];
            foreach (float[] row in rows.Skip(1))
            {
                scorer.Explain(row, reference, contributions);
                var integrated = new double[d];
                const int steps = 20_000;
                for (int s = 0; s < steps; s++)
                {
                    double alpha = (s + 0.5) / steps;
                    for (int j = 0; j < hidden; j++)
                    {
                        double z = b[j];
                        for (int i = 0; i < d; i++)
                            z += w[j * d + i] * (reference[i] + alpha * (row[i] - reference[i]));
                        if (z <= 0)
                            continue;
                        for (int i = 0; i < d; i++)
                            integrated[i] += v[j] * w[j * d + i] / steps;
                    }
                }
                double scale = Enumerable.Range(0, d).Sum(i => Math.Abs(integrated[i] * (row[i] - reference[i])));
                for (int i = 0; i < d; i++)
                    Assert.That(contributions[i], Is.EqualTo(integrated[i] * (row[i] - reference[i])).Within(1e-3 * scale + 1e-6), $"feature {i}");
            }
        }

        /// <summary>FEAWAD's residual-norm rule is exact integrated gradients of |r| on the straight line (closed form),
        /// also when the line passes by the origin, and adds up to the change of the norm.</summary>
        [Test]
        public void NormRuleEqualsNumericalIntegratedGradients()
        {
            var random = new Random(5);
            float[] Random7() => Enumerable.Range(0, 7).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] a = Random7(), b = Random7();
            float[] throughOrigin = a.Select((x, i) => -x + (i == 3 ? 1e-3f : 0)).ToArray();
            foreach ((float[] r0, float[] r1) in new[] { (a, b), (a, throughOrigin), (a, a.Select(x => x * 3).ToArray()) })
            {
                float n0 = Norm(r0), n1 = Norm(r1);
                double[] multipliers = FeaWadScorer.NormMultipliers(r0, r1, n0, n1);
                var integrated = new double[7];
                const int steps = 200_000;
                for (int s = 0; s < steps; s++)
                {
                    double alpha = (s + 0.5) / steps;
                    double[] point = r0.Select((x, i) => x + alpha * (r1[i] - x)).ToArray();
                    double norm = Math.Sqrt(point.Sum(p => p * p));
                    for (int i = 0; i < 7; i++)
                        integrated[i] += point[i] / norm / steps * (r1[i] - r0[i]);
                }
                double sum = 0;
                for (int i = 0; i < 7; i++)
                {
                    double contribution = multipliers[i] * (r1[i] - r0[i]);
                    sum += contribution;
                    Assert.That(contribution, Is.EqualTo(integrated[i]).Within(2e-4), $"slot {i}");
                }
                Assert.That(sum, Is.EqualTo(n1 - n0).Within(1e-6), "adds up to the change of the norm");
            }
        }

        private static float Norm(float[] v) => (float)Math.Sqrt(v.Sum(x => (double)x * x));

        /// <summary>A model of two members explains as the combination-weighted sum of its members' contributions.</summary>
        [TestCase("deepsad-anomalyonly")]
        [TestCase("feawad-anomalyonly")]
        public void SeveralMembersExplainAsTheWeightedSum(string name)
        {
            var ml = new MLContext(seed: 1);
            ModelState one = FixtureModels.Load(ml, name).LastTransformer.State;
            ModelState two = BlockScoringTests.TwoMembers(one);
            IAnomalyScorer single = new ModelScorer(one), pair = new ModelScorer(two);
            float[][] rows = FixtureModels.TestRows(ml, 30).Select(r => r.Select(x => x / 100f).ToArray()).ToArray();
            float[] reference = rows[0];
            var expected = new float[single.FeatureCount];
            var actual = new float[single.FeatureCount];
            foreach (float[] row in rows.Skip(1))
            {
                single.Explain(row, reference, expected);
                pair.Explain(row, reference, actual);
                float factor = 0.7f / 1.5f + 0.3f / 0.5f;
                for (int i = 0; i < expected.Length; i++)
                    Assert.That(actual[i], Is.EqualTo(factor * expected[i]).Within(1e-5 * (1 + Math.Abs(factor * expected[i]))));
                double change = (double)pair.Score(row) - pair.Score(reference);
                Assert.That(actual.Sum(c => (double)c), Is.EqualTo(change).Within(0.01 * Math.Abs(change) + 1e-4));
            }
        }

        [Test]
        public void FormatOneModelWithoutReferenceIsRefusedClearly()
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = FixtureModels.Load(ml, "devnet-full").LastTransformer;
            var e = Assert.Throws<ArgumentException>(() => ml.Transforms.CalculateAnoOnlyFeatureContribution(model))!;
            Assert.That(e.Message, Does.Contain("pass normalReference"));
            Assert.Throws<ArgumentException>(() => ml.Transforms.CalculateAnoOnlyFeatureContribution(model, new float[3]));
            Assert.Throws<ArgumentException>(() => ml.Transforms.CalculateAnoOnlyFeatureContribution(model,
                Enumerable.Repeat(float.NaN, model.FeatureCount).ToArray()));
        }
    }
}
