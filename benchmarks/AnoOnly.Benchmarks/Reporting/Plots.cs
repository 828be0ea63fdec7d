using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Runs;
using ScottPlot;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>The PNG plots of a run (ScottPlot), small enough to commit under docs/images.</summary>
    internal static class Plots
    {
        private const int Width = 900, Height = 480;
        private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

        /// <summary>Writes every plot the run has data for; returns the file names (relative to <paramref name="outDir"/>).</summary>
        public static IReadOnlyList<string> WriteAll(string outDir, BenchmarkReport report)
        {
            var files = new List<string>();
            var clean = report.Results.Where(r => r.LabelNoise == 0 && r.Variant != null).ToList();
            foreach (string backbone in clean.Select(r => r.Variant!.BackboneName).Distinct())
            {
                string file = $"aucroc_full_vs_anoonly_{backbone.ToLowerInvariant()}.png";
                if (FullVersusAnoOnly(Path.Combine(outDir, file), clean, backbone))
                    files.Add(file);
            }
            var noisy = report.Results.Where(r => r.Variant != null).ToList();
            if (noisy.Select(r => r.LabelNoise).Distinct().Count() > 1)
            {
                LabelNoise(Path.Combine(outDir, "label_noise.png"), noisy);
                files.Add("label_noise.png");
            }
            if (report.Scale.Count > 0)
            {
                ScaleFit(Path.Combine(outDir, "scale_fit_time.png"), report.Scale, r => r.FitSeconds, "fit wall time (s)", "Fit time against training rows");
                ScaleFit(Path.Combine(outDir, "scale_peak_memory.png"), report.Scale, r => r.PeakMb, "peak working set (MB)", "Peak memory against training rows");
                files.Add("scale_fit_time.png");
                files.Add("scale_peak_memory.png");
            }
            files.AddRange(LoopReport.Plot(outDir, report.Loop));
            return files;
        }

        /// <summary>Grouped bars: per dataset, the mean AUC-ROC of the backbone's Full and AnoOnly variants, with
        /// the seeds' standard deviation as error bars.</summary>
        private static bool FullVersusAnoOnly(string path, List<RunResult> results, string backbone)
        {
            var mine = results.Where(r => r.Variant!.BackboneName == backbone).ToList();
            string[] datasets = mine.Select(r => r.Dataset).Distinct().OrderBy(d => d, DatasetNameComparer.Instance).ToArray();
            if (datasets.Length == 0)
                return false;
            var plot = new Plot();
            var bars = new List<Bar>();
            string[] losses = { "Full", "AnoOnly" };
            for (int i = 0; i < datasets.Length; i++)
            {
                for (int k = 0; k < losses.Length; k++)
                {
                    var values = mine.Where(r => r.Dataset == datasets[i] && r.Variant!.LossName == losses[k]).Select(r => r.AucRoc).ToList();
                    if (values.Count == 0)
                        continue;
                    bars.Add(new Bar
                    {
                        Position = i * 3 + k,
                        Value = Stats.Mean(values),
                        Error = Stats.Std(values),
                        FillColor = Palette.GetColor(k),
                    });
                }
            }
            plot.Add.Bars(bars);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                datasets.Select((_, i) => i * 3 + 0.5).ToArray(), datasets);
            if (datasets.Length > 5)
            {
                // Many long names: slanted labels hanging below their tick.
                plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
                plot.Axes.Bottom.MinimumSize = 160;
            }
            plot.Axes.SetLimitsY(0, 1.05);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{backbone} Full loss", FillColor = Palette.GetColor(0) });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{backbone} AnoOnly loss", FillColor = Palette.GetColor(1) });
            plot.ShowLegend(Alignment.LowerRight);
            plot.Title($"{backbone}: test AUC-ROC, Full vs AnoOnly loss (mean ± std over seeds)");
            plot.YLabel("AUC-ROC");
            plot.SavePng(path, Math.Max(Width, 60 * datasets.Length + 200), Height);
            return true;
        }

        /// <summary>AUC-ROC (mean over sets and seeds) against the label-noise level; solid AnoOnly, dashed Full.</summary>
        private static void LabelNoise(string path, List<RunResult> results)
        {
            double[] levels = results.Select(r => r.LabelNoise).Distinct().OrderBy(p => p).ToArray();
            var plot = new Plot();
            var backbones = results.Select(r => r.Variant!.BackboneName).Distinct().ToList();
            foreach (var method in results.Select(r => (r.Method, r.Variant!)).Distinct())
            {
                double[] ys = levels.Select(p => SummaryWriter.NoiseMean(results, method.Method, p)).ToArray();
                var line = plot.Add.Scatter(levels, ys);
                line.LegendText = method.Method;
                line.Color = Palette.GetColor(backbones.IndexOf(method.Item2.BackboneName));
                line.LinePattern = method.Item2.LossName == "Full" ? LinePattern.Dashed : LinePattern.Solid;
                line.LineWidth = 2;
                line.MarkerSize = 7;
            }
            plot.ShowLegend(Alignment.LowerLeft);
            plot.Title("Label noise: test AUC-ROC against the share p of wrong anomaly labels");
            plot.XLabel("label noise p");
            plot.YLabel("AUC-ROC (mean over sets and seeds)");
            plot.SavePng(path, Width, Height);
        }

        /// <summary>A figure against log10(rows), one line per (kind, method, d).</summary>
        private static void ScaleFit(string path, List<ScaleResult> results, Func<ScaleResult, double> value, string yLabel, string title)
        {
            var plot = new Plot();
            int index = 0;
            foreach (var group in results.GroupBy(r => (r.Kind, r.Method, r.Features)))
            {
                var rows = group.OrderBy(r => r.Rows).ToList();
                var line = plot.Add.Scatter(rows.Select(r => Math.Log10(r.Rows)).ToArray(), rows.Select(value).ToArray());
                line.LegendText = $"{group.Key.Method}, d={group.Key.Features}" + (group.Key.Kind == "streamed" ? " (streamed)" : "");
                line.Color = Palette.GetColor(index++);
                line.LinePattern = group.Key.Kind == "streamed" ? LinePattern.Dashed : LinePattern.Solid;
                line.LineWidth = 2;
                line.MarkerSize = 7;
            }
            double[] decades = results.Select(r => Math.Round(Math.Log10(r.Rows))).Distinct().OrderBy(x => x).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(decades, decades.Select(d => $"10^{d:0}").ToArray());
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Title(title);
            plot.XLabel("training rows (log scale)");
            plot.YLabel(yLabel);
            plot.SavePng(path, Width, Height);
        }
    }
}
