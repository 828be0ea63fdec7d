using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Measurement;
using AnoOnly.Benchmarks.Methods;
using AnoOnly.Benchmarks.Reporting;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Spectre.Console;
using TorchSharp;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>One speed target of the project, measured, never asserted.</summary>
    internal sealed record TargetResult(string Target, string Measured, bool? Met, string How);

    /// <summary>
    /// Dedicated measurements of the speed targets on synthetic data (sizes fixed by the targets, so the
    /// figures do not depend on which sets were chosen): DevNet fit time on 10k x 30, PredictionEngine
    /// latency at d = 32 and 100, and Transform throughput of DevNet-AnoOnly against RandomizedPca on the
    /// same 10k x 30 rows.
    /// </summary>
    internal static class TargetChecks
    {
        private const int Rows = 10_000, Width = 30, Seed = 1;

        public static List<TargetResult> Run(IReadOnlyList<IBenchmarkMethod> methods, ProgressTask progress, ICollection<string> notes)
        {
            var results = new List<TargetResult>();
            var devNet = methods.OfType<AnoOnlyMethod>().FirstOrDefault(m => m.Variant == new BackboneVariant(AnoOnlyBackbone.DevNet, AnoOnlyLoss.AnomalyOnly));
            var pca = methods.OfType<RandomizedPcaMethod>().FirstOrDefault();
            if (devNet == null)
            {
                notes.Add("Speed targets not measured: DevNet-AnoOnly is not among the selected methods.");
                return results;
            }
            var ml = new MLContext(seed: Seed);
            var set = SyntheticSet.Create(Rows, Width, Seed);
            IDataView train = set.TrainView(ml);
            IDataView score = set.FeatureView(ml);

            progress.Description = "DevNet fit, 10k x 30";
            var fits = new List<double>();
            ITransformer? model = null;
            for (int i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                model = devNet.Fit(new MLContext(seed: Seed), train, new FitContext(Seed, Quick: false, Width));
                fits.Add(watch.Elapsed.TotalSeconds);
            }
            double fit = Stats.Median(fits);
            results.Add(new TargetResult("DevNet fit (50 x 20 batches of 64) on 10k x 30 < 1 s",
                $"{fit:0.000} s (median of 3; min {fits.Min():0.000} s)", fit < 1,
                $"DevNet-AnoOnly with the library defaults (libtorch on {torch.get_num_threads()} intra-op thread(s)), synthetic 10,000 x 30 rows, " +
                "wall time of Fit (one data pass + training + threshold)."));

            progress.Description = "Transform throughput, 10k x 30";
            double ours = ScoringSpeed.TransformRowsPerSecond(model!, score, 1.0);
            if (pca != null)
            {
                ITransformer pcaModel = pca.Fit(ml, train, new FitContext(Seed, false, Width));
                double theirs = ScoringSpeed.TransformRowsPerSecond(pcaModel, score, 1.0);
                results.Add(new TargetResult("AnoOnly Transform throughput >= RandomizedPca's (same data)",
                    $"DevNet-AnoOnly {ours:N0} rows/s, RandomizedPca {theirs:N0} rows/s (ratio {ours / theirs:0.00})", ours >= theirs,
                    "Cursor over Score of Transform on the same 10,000 x 30 in-memory rows, repeated for at least 1 s each."));
            }

            foreach (int width in new[] { 32, 100 })
            {
                progress.Description = $"PredictionEngine latency, d = {width}";
                var wide = SyntheticSet.Create(2_000, width, Seed);
                // Latency does not depend on the trained weights, only on the network's shape: a short fit suffices.
                ITransformer small = devNet.Fit(new MLContext(seed: Seed), wide.TrainView(ml), new FitContext(Seed, Quick: true, width));
                double us = ScoringSpeed.PredictionEngineMicroseconds(ml, small, wide.Features, 1.0);
                results.Add(new TargetResult($"PredictionEngine latency < 5 us/row, DevNet, d = {width}", $"{us:0.00} us/row", us < 5,
                    "One reused PredictionEngine<FeatureRow, ScoreRow>, Predict(input, ref output) over 2,000 synthetic rows for at least 1 s."));
            }
            progress.Increment(1);
            return results;
        }
    }
}
