using System;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Training reads its data in one streaming pass and keeps every labeled anomaly plus a uniform reservoir
    /// sample of at most <c>MaxUnlabeledRows</c> unlabeled rows, so data larger than memory trains in bounded
    /// memory. Rows come from a <see cref="GeneratedDataView"/> that never holds them.
    /// </summary>
    public class StreamingTrainingDataTests
    {
        private const int Rows = 200_000;
        private const int AnomalyEvery = 1000;
        private const int Kept = 2_000;

        private static TrainingSet Load(GeneratedDataView view, int maxUnlabeled, int seed)
            => TrainingSet.Load(view, TrainingColumns.Resolve(view.Schema, "Features", "Label"), maxUnlabeled, new Random(seed), CancellationToken.None);

        [Test]
        public void KeepsEveryAnomalyAndAtMostMaxUnlabeledRowsInOnePass()
        {
            var view = new GeneratedDataView(Rows, features: 4, AnomalyEvery);
            TrainingSet data = Load(view, Kept, seed: 1);
            Assert.That(view.CursorsOpened, Is.EqualTo(1));
            Assert.That(view.RowsServed, Is.EqualTo(Rows));
            Assert.That(data.RowsRead, Is.EqualTo(Rows));
            Assert.That(data.Anomalies.Count, Is.EqualTo(Rows / AnomalyEvery));
            Assert.That(data.Unlabeled.Count, Is.EqualTo(Kept));
            Assert.That(data.UnlabeledRowsRead, Is.EqualTo(Rows - Rows / AnomalyEvery));
            // Memory is the reservoir's: at most twice the bound (the buffer doubles while it fills), not the data's.
            Assert.That(data.Unlabeled.Capacity, Is.LessThanOrEqualTo(2 * Kept));
        }

        /// <summary>Uniformity: feature 0 of row i is i / rows, so the kept rows' positions fall evenly into 20
        /// bins. Chi-square with 19 degrees of freedom stays below 43.8 (p = 0.001) for a uniform sample; a
        /// sample that favours the first or the last rows (the usual reservoir bugs) scores in the thousands.</summary>
        [TestCase(1)]
        [TestCase(2)]
        [TestCase(3)]
        public void UnlabeledSampleIsUniformOverTheStream(int seed)
        {
            var view = new GeneratedDataView(Rows, features: 2, AnomalyEvery);
            TrainingSet data = Load(view, Kept, seed);
            const int bins = 20;
            var counts = new int[bins];
            for (int i = 0; i < data.Unlabeled.Count; i++)
                counts[Math.Min(bins - 1, (int)(data.Unlabeled.Row(i)[0] * bins))]++;
            double expected = (double)Kept / bins;
            double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
            TestContext.Out.WriteLine($"seed {seed}: bins [{string.Join(", ", counts)}], chi-square {chiSquare:F1}");
            Assert.That(chiSquare, Is.LessThan(43.8));
            Assert.That(data.Unlabeled.Count, Is.EqualTo(Kept));
        }

        [Test]
        public void FitReadsTheViewOnceAndTrainsOnTheSample()
        {
            var view = new GeneratedDataView(100_000, features: 4, AnomalyEvery);
            var ml = new MLContext(1);
            var options = Backbones.Tiny(AnoOnlyBackbone.DevNet);
            options.MaxUnlabeledRows = 500;
            string? log = null;
            ml.Log += (_, e) => log = e.Message.Contains("rows read") ? e.Message : log;
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(view);
            Assert.That(view.CursorsOpened, Is.EqualTo(1), "one pass");
            Assert.That(view.RowsServed, Is.EqualTo(100_000));
            Assert.That(log, Does.Contain("100000 rows read, 100 labeled anomalies, 500 unlabeled rows kept"));
            Assert.That(float.IsFinite(model.Threshold));
        }
    }
}
