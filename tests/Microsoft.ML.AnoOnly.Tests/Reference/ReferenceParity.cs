using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reference
{
    /// <summary>
    /// Measures a backbone x loss on the splits of <see cref="ProtocolSplit"/>, prints it next to the PyTorch
    /// reference, and asserts that it lies within stated tolerances of it. Shared by the parity test that runs by
    /// default and the explicit reference checks of the other backbones.
    /// </summary>
    internal static class ReferenceParity
    {
        /// <summary>Fits a fresh model per seed on that seed's protocol split, as the benchmark program does.</summary>
        /// <param name="dataset">The set's name (for the report).</param>
        /// <param name="csvPath">The set's CSV.</param>
        /// <param name="options">The trainer options for a seed.</param>
        /// <param name="seeds">The seeds; the reference is the mean over 1, 2 and 3.</param>
        /// <param name="reference">The reference's mean test AUC-ROC.</param>
        public static SetParity Measure(string dataset, string csvPath, Func<int, AnoOnlyTrainer.Options> options,
            IReadOnlyList<int> seeds, double reference)
        {
            LabeledDataset data = LabeledDataset.LoadCsv(new MLContext(seed: 0), csvPath);
            var rocs = new double[seeds.Count];
            var prs = new double[seeds.Count];
            var seconds = new double[seeds.Count];
            for (int i = 0; i < seeds.Count; i++)
            {
                // A fresh context per fit: no fit sees another's random state.
                var ml = new MLContext(seed: seeds[i]);
                ProtocolSplit split = ProtocolSplit.Prepare(ml, data, seeds[i]);
                var clock = Stopwatch.StartNew();
                AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options(seeds[i])).Fit(split.Train);
                seconds[i] = clock.Elapsed.TotalSeconds;
                float[] scores = model.Transform(split.Test).GetColumn<float>("Score").ToArray();
                rocs[i] = AnomalyMetrics.AreaUnderRocCurve(scores, split.TestIsAnomaly);
                prs[i] = AnomalyMetrics.AveragePrecision(scores, split.TestIsAnomaly);
            }
            return new SetParity(dataset, rocs, prs, seconds, reference);
        }

        /// <summary>Prints one line per set and the means to the test output.</summary>
        public static void Report(string title, IReadOnlyList<SetParity> sets)
        {
            TestContext.Out.WriteLine($"{title}: test AUC-ROC, ours (per seed) against the PyTorch reference (mean of seeds 1-3)");
            foreach (SetParity set in sets)
            {
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {set.Dataset,-16} ours {set.Mean:F4} ({string.Join(" ", set.AucRoc.Select(a => a.ToString("F4", CultureInfo.InvariantCulture)))})" +
                    $"  reference {set.Reference:F4}  difference {set.Difference:+0.0000;-0.0000}  AUC-PR {set.AucPr.Average():F4}  fit {set.FitSeconds.Average():F2} s"));
            }
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"mean",-16} ours {OursMean(sets):F4}  reference {ReferenceMean(sets):F4}  difference {OursMean(sets) - ReferenceMean(sets):+0.0000;-0.0000}"));
        }

        /// <summary>
        /// Asserts, when <paramref name="meanTolerance"/> is given, that the mean of our test AUC-ROC over all sets and
        /// seeds lies within it of the mean of the reference figures, and, when <paramref name="perSetTolerance"/> is
        /// given, that each set's mean over seeds lies within it of that set's reference.
        /// </summary>
        public static void AssertWithin(string title, IReadOnlyList<SetParity> sets, double? meanTolerance, double? perSetTolerance = null)
        {
            double ours = OursMean(sets), reference = ReferenceMean(sets);
            Assert.Multiple(() =>
            {
                if (meanTolerance is double meanBound)
                {
                    Assert.That(ours, Is.EqualTo(reference).Within(meanBound), string.Create(CultureInfo.InvariantCulture,
                        $"{title}: mean test AUC-ROC over {sets.Count} sets x {sets[0].AucRoc.Length} seeds is {ours:F4}, the reference's {reference:F4} " +
                        $"(difference {ours - reference:+0.0000;-0.0000}); tolerance ±{meanBound}"));
                }
                if (perSetTolerance is double tolerance)
                {
                    foreach (SetParity set in sets)
                    {
                        Assert.That(set.Mean, Is.EqualTo(set.Reference).Within(tolerance), string.Create(CultureInfo.InvariantCulture,
                            $"{title}, {set.Dataset}: test AUC-ROC {set.Mean:F4}, the reference's {set.Reference:F4} " +
                            $"(difference {set.Difference:+0.0000;-0.0000}); tolerance per set ±{tolerance}"));
                    }
                }
            });
        }

        // Every set has the same seeds, so the mean over sets x seeds is the mean of the set means.
        private static double OursMean(IReadOnlyList<SetParity> sets) => sets.Average(s => s.Mean);

        private static double ReferenceMean(IReadOnlyList<SetParity> sets) => sets.Average(s => s.Reference);
    }
}
