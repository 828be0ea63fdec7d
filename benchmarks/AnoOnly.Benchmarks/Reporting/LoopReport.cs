using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Runs;
using Microsoft.ML.AnoOnly;
using ScottPlot;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>
    /// The loop mode's part of summary.md and its plot: detection rate and held-out AUC-ROC per round and strategy, each
    /// the mean over sets of the mean over seeds, the per-set figures after the last round, and the loop's targets.
    /// </summary>
    internal static class LoopReport
    {
        private const string TopScoredDroppingNormals = "TopScored-DropNormals";
        private static readonly string Recommended = AnoOnlyReviewOptions.RecommendedStrategy.ToString();
        private static readonly string Random = nameof(AnoOnlyReviewStrategy.Random);

        public static void Write(StringBuilder text, List<LoopResult> results)
        {
            if (results.Count == 0)
                return;
            string[] strategies = results.Select(r => r.Strategy).Distinct().ToArray();
            string[] datasets = Datasets(results);
            int last = results.Max(r => r.Round);
            text.AppendLine().AppendLine($"## Analyst loop ({datasets.Length} sets, seeds {string.Join(",", results.Select(r => r.Seed).Distinct())})")
                .AppendLine();
            text.AppendLine($"Each round the analyst reviews {ActiveLearningRun.ReviewsPerRound} unreviewed rows of the pool chosen by the strategy; " +
                "at the start 5 % of the pool's anomalies are labeled. Strategies without -DropNormals give the rows found normal to the " +
                "trainer as confirmed normals. Mean over sets of the mean over seeds (loop.csv has every figure).").AppendLine();
            PerRound(text, "Held-out AUC-ROC", results, strategies, datasets, last, r => r.AucRoc);
            PerRound(text, "Detection rate (share of the pool's anomalies labeled)", results, strategies, datasets, last, r => r.DetectionRate);
            PerSet(text, results, strategies, datasets, last);
            Targets(text, results, datasets, last);
        }

        /// <summary>Writes loop.png: mean detection rate and mean held-out AUC-ROC against the round, one line per strategy.</summary>
        public static IReadOnlyList<string> Plot(string outDir, List<LoopResult> results)
        {
            if (results.Count == 0)
                return Array.Empty<string>();
            string[] strategies = results.Select(r => r.Strategy).Distinct().ToArray();
            string[] datasets = Datasets(results);
            int last = results.Max(r => r.Round);
            var palette = new ScottPlot.Palettes.Category10();
            var files = new List<string>();
            foreach ((string file, string label, Func<LoopResult, double> value) in new (string, string, Func<LoopResult, double>)[]
            {
                ("loop_detection_rate.png", "detection rate (share of the pool's anomalies labeled)", r => r.DetectionRate),
                ("loop_aucroc.png", "held-out AUC-ROC", r => r.AucRoc),
            })
            {
                var plot = new Plot();
                for (int s = 0; s < strategies.Length; s++)
                {
                    double[] rounds = Enumerable.Range(0, last + 1).Select(r => (double)r).ToArray();
                    double[] ys = rounds.Select(r => Mean(results, strategies[s], datasets, (int)r, value)).ToArray();
                    var line = plot.Add.Scatter(rounds, ys);
                    line.LegendText = strategies[s] + (strategies[s] == Recommended ? " (recommended)" : "");
                    line.Color = palette.GetColor(s);
                    line.LinePattern = strategies[s].EndsWith("-DropNormals", StringComparison.Ordinal) ? LinePattern.Dashed : LinePattern.Solid;
                    line.LineWidth = 2;
                    line.MarkerSize = 7;
                }
                plot.ShowLegend(Alignment.LowerRight);
                plot.Title($"Analyst loop: {label}, mean over {datasets.Length} sets and seeds");
                plot.XLabel($"round ({ActiveLearningRun.ReviewsPerRound} reviews each)");
                plot.YLabel(label);
                plot.SavePng(Path.Combine(outDir, file), 900, 480);
                files.Add(file);
            }
            return files;
        }

        private static string[] Datasets(List<LoopResult> results)
            => results.Select(r => r.Dataset).Distinct().OrderBy(d => d, DatasetNameComparer.Instance).ToArray();

        /// <summary>The mean over sets of the mean over seeds, over the sets with a result.</summary>
        private static double Mean(List<LoopResult> results, string strategy, string[] datasets, int round, Func<LoopResult, double> value)
            => Stats.Mean(datasets.Select(d => Stats.Mean(results.Where(r => r.Dataset == d && r.Strategy == strategy && r.Round == round).Select(value))));

        private static void PerRound(StringBuilder text, string title, List<LoopResult> results, string[] strategies, string[] datasets, int last,
            Func<LoopResult, double> value)
        {
            text.AppendLine().AppendLine($"### {title} per round").AppendLine();
            var table = new MarkdownTable(new[] { "round", "reviewed" }.Concat(strategies.Select(Label)).ToArray());
            for (int round = 0; round <= last; round++)
                table.Row(new[] { round.ToString(CultureInfo.InvariantCulture), (round * ActiveLearningRun.ReviewsPerRound).ToString(CultureInfo.InvariantCulture) }
                    .Concat(strategies.Select(s => F(Mean(results, s, datasets, round, value)))));
            text.Append(table);
        }

        private static void PerSet(StringBuilder text, List<LoopResult> results, string[] strategies, string[] datasets, int last)
        {
            text.AppendLine().AppendLine($"### Per set after round {last}: held-out AUC-ROC / detection rate (mean over seeds)").AppendLine();
            var table = new MarkdownTable(new[] { "dataset", "start AUC-ROC" }.Concat(strategies.Select(Label)).ToArray());
            foreach (string dataset in datasets)
            {
                var row = new List<string> { dataset, F(Stats.Mean(results.Where(r => r.Dataset == dataset && r.Round == 0).Select(r => r.AucRoc))) };
                foreach (string strategy in strategies)
                {
                    var end = results.Where(r => r.Dataset == dataset && r.Strategy == strategy && r.Round == last).ToList();
                    row.Add(end.Count == 0 ? "–" : $"{F(Stats.Mean(end.Select(r => r.AucRoc)))} / {Stats.Mean(end.Select(r => r.DetectionRate)):P0}");
                }
                table.Row(row);
            }
            text.Append(table);
        }

        private static void Targets(StringBuilder text, List<LoopResult> results, string[] datasets, int last)
        {
            if (!results.Any(r => r.Strategy == Recommended) || last < 1)
                return;
            double Auc(string s, int round) => Mean(results, s, datasets, round, r => r.AucRoc);
            double Detection(string s, int round) => Mean(results, s, datasets, round, r => r.DetectionRate);
            text.AppendLine().AppendLine($"### Targets ({Recommended}, the recommended strategy, with confirmed normals)").AppendLine();
            var table = new MarkdownTable("target", "measured", "met");
            void Check(string target, double left, double right, double factor = 1)
                => table.Row(target, $"{F(left)} vs {F(factor * right)}", double.IsNaN(left) || double.IsNaN(right) ? "–" : left >= factor * right ? "yes" : "**no**");
            Check($"AUC-ROC after round {last} >= after round 1", Auc(Recommended, last), Auc(Recommended, 1));
            if (results.Any(r => r.Strategy == Random))
                Check($"AUC-ROC after round {last} >= Random's", Auc(Recommended, last), Auc(Random, last));
            foreach (string top in new[] { TopScoredDroppingNormals, nameof(AnoOnlyReviewStrategy.TopScored) }.Where(s => results.Any(r => r.Strategy == s)))
                Check($"detection rate after round {last} >= 80 % of {top}'s", Detection(Recommended, last), Detection(top, last), 0.8);
            text.Append(table);
        }

        private static string Label(string strategy) => strategy == Recommended ? $"{strategy} (recommended)" : strategy;

        private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.0000", CultureInfo.InvariantCulture);
    }
}
