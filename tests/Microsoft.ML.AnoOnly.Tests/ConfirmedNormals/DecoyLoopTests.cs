using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.ConfirmedNormals
{
    /// <summary>
    /// A small analyst loop on data made for it: besides the normal bulk there is a kind of normal outlier (decoys) that
    /// shares half of the anomalies' signature, so a model trained on a few anomalies ranks the decoys near the top. The
    /// analyst reviews the top-scored rows; given back as confirmed normals, the decoys found teach the refit to rank the
    /// other decoys below the anomalies, which dropping them does not. DevNet alone, whose few-label scores the decoys
    /// fool; the default ensemble's kNN and DeepSAD members already rank these decoys below the anomalies.
    /// </summary>
    public class DecoyLoopTests
    {
        private const int Features = 6;

        private enum Kind { Normal, Decoy, Anomaly }

        private static (float[][] Rows, Kind[] Kinds) Generate(int normals, int decoys, int anomalies, int seed)
        {
            var random = new Random(seed);
            var rows = new List<float[]>();
            var kinds = new List<Kind>();
            foreach ((Kind kind, int count) in new[] { (Kind.Normal, normals), (Kind.Decoy, decoys), (Kind.Anomaly, anomalies) })
            {
                for (int i = 0; i < count; i++)
                {
                    var row = new float[Features];
                    for (int j = 0; j < Features; j++)
                    {
                        // Decoys lie further out than anomalies on the first two features; only anomalies are shifted on the third.
                        double shift = (kind, j) switch
                        {
                            (Kind.Decoy, < 2) => 0.4,
                            (Kind.Anomaly, < 2) => 0.25,
                            (Kind.Anomaly, 2) => 0.15,
                            _ => 0,
                        };
                        row[j] = (float)(0.45 + shift + 0.06 * (random.NextDouble() - 0.5));
                    }
                    rows.Add(row);
                    kinds.Add(kind);
                }
            }
            return (rows.ToArray(), kinds.ToArray());
        }

        [Test]
        public void ConfirmedNormalsRankTheDecoysLower()
        {
            var ml = new MLContext(seed: 1);
            (float[][] pool, Kind[] poolKinds) = Generate(600, 60, 40, seed: 1);
            (float[][] test, Kind[] testKinds) = Generate(300, 30, 20, seed: 2);
            bool[] labels = poolKinds.Select((k, i) => k == Kind.Anomaly && i % 20 == 0).ToArray(); // 2 labeled anomalies
            IDataView testView = new LabeledDataset(test, testKinds.Select(k => k == Kind.Anomaly).ToArray()).ToDataView(ml);

            ITransformer start = Fit(ml, pool, labels, new bool[pool.Length]);
            // The analyst reviews the 60 top-scored unreviewed rows.
            int[] unreviewed = Enumerable.Range(0, pool.Length).Where(i => !labels[i]).ToArray();
            int[] picks = ml.AnomalyDetection.SelectRowsToReview(start, ReviewedRows.View(ml, unreviewed.Select(i => pool[i]).ToArray(),
                new bool[unreviewed.Length], new bool[unreviewed.Length]), 60, AnoOnlyReviewStrategy.TopScored).Select(p => unreviewed[p]).ToArray();
            bool[] found = (bool[])labels.Clone();
            var confirmed = new bool[pool.Length];
            foreach (int i in picks)
                (poolKinds[i] == Kind.Anomaly ? found : confirmed)[i] = true;
            Assume.That(picks.Count(i => poolKinds[i] == Kind.Decoy), Is.GreaterThan(10), "decoys are among the top-scored rows");

            double before = DecoyAuc(start, testView, testKinds);
            double dropped = DecoyAuc(Fit(ml, pool, found, new bool[pool.Length]), testView, testKinds);
            double kept = DecoyAuc(Fit(ml, pool, found, confirmed), testView, testKinds);
            TestContext.Out.WriteLine($"AUC-ROC of held-out anomalies against decoys: start {before:F4}, normals dropped {dropped:F4}, confirmed normals {kept:F4}");
            Assert.That(kept, Is.GreaterThan(dropped + 0.1));
            Assert.That(kept, Is.GreaterThan(0.9));
        }

        private static ITransformer Fit(MLContext ml, float[][] pool, bool[] labels, bool[] confirmed)
            => ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Seed = 1, Backbone = AnoOnlyBackbone.DevNet, ConfirmedNormalColumnName = ReviewedRows.Column })
                .Fit(ReviewedRows.View(ml, pool, labels, confirmed));

        /// <summary>How well held-out anomalies rank above held-out decoys (the normal bulk left out).</summary>
        private static double DecoyAuc(ITransformer model, IDataView test, Kind[] kinds)
        {
            float[] scores = model.Transform(test).GetColumn<float>("Score").ToArray();
            int[] rows = Enumerable.Range(0, kinds.Length).Where(i => kinds[i] != Kind.Normal).ToArray();
            return AnomalyMetrics.AreaUnderRocCurve(rows.Select(i => scores[i]).ToArray(), rows.Select(i => kinds[i] == Kind.Anomaly).ToArray());
        }
    }
}
