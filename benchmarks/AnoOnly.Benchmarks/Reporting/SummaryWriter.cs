using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Methods;
using AnoOnly.Benchmarks.Runs;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>summary.md: the tables of one run, each figure traceable to results.csv and the command.</summary>
    internal static class SummaryWriter
    {
        private const string Baseline = "RandomizedPca";

        public static string Write(BenchmarkReport report, IReadOnlyList<string> images)
        {
            var text = new StringBuilder();
            RunDescription run = report.Description;
            text.AppendLine("# AnoOnly benchmark results").AppendLine();
            text.AppendLine($"- Command: `{run.Command}`");
            text.AppendLine($"- Machine: {run.Machine}");
            text.AppendLine($"- Started: {run.StartedUtc:yyyy-MM-dd HH:mm} UTC");
            if (report.DataFolder != null)
                text.AppendLine($"- Data: `{report.DataFolder}`; protocol of ../shared/BENCHMARK.md (stratified 70/30 split per seed, " +
                    (report.Loop.Count > 0
                        ? "NormalizeMinMax fitted on train; loop mode: the train part is the pool, ceil(5 %) of its anomalies labeled at the start, test AUC-ROC)."
                        : "NormalizeMinMax fitted on train, ceil(10 %) of train anomalies labeled, test AUC-ROC and AUC-PR)."));
            if (run.Quick)
                text.AppendLine("- **Quick run**: reduced training budget (AnoOnly 5 epochs x 5 batches, LightGBM 20 trees); accuracy figures are not comparable with the reference.");
            if (report.Notes.Count > 0)
            {
                text.AppendLine().AppendLine("## Notes").AppendLine();
                foreach (string note in report.Notes.Distinct())
                    text.AppendLine($"- {note}");
            }

            var clean = report.Results.Where(r => r.LabelNoise == 0).ToList();
            if (clean.Count > 0)
            {
                string[] methods = clean.Select(r => r.Method).Distinct().ToArray();
                string[] datasets = clean.Select(r => r.Dataset).Distinct().OrderBy(d => d, DatasetNameComparer.Instance).ToArray();
                Ranking(text, clean, methods, datasets);
                AccuracyTable(text, "AUC-ROC", clean, methods, datasets, r => r.AucRoc);
                AccuracyTable(text, "AUC-PR", clean, methods, datasets, r => r.AucPr);
                Wins(text, clean, methods, datasets);
                SweepVersusDefault(text, clean, datasets);
                LossComparison(text, clean, datasets, report.Reference);
                ReferenceComparison(text, clean, datasets, report.Reference);
                Speed(text, clean, methods);
            }
            Targets(text, report.Targets);
            Design(text, report.Design);
            LabelNoise(text, report.Results);
            Scale(text, report.Scale);
            LoopReport.Write(text, report.Loop);
            if (images.Count > 0)
            {
                text.AppendLine().AppendLine("## Plots").AppendLine();
                foreach (string image in images)
                    text.AppendLine($"![{Path.GetFileNameWithoutExtension(image)}]({image})").AppendLine();
            }
            return text.ToString();
        }

        private static void AccuracyTable(StringBuilder text, string metric, List<RunResult> results, string[] methods, string[] datasets,
            Func<RunResult, double> value)
        {
            text.AppendLine().AppendLine($"## {metric} (test, mean ± std over seeds)").AppendLine();
            var table = new MarkdownTable(new[] { "dataset", "d" }.Concat(methods).ToArray());
            foreach (string dataset in datasets)
            {
                var row = new List<string> { dataset, results.First(r => r.Dataset == dataset).FeatureCount.ToString(CultureInfo.InvariantCulture) };
                foreach (string method in methods)
                {
                    var values = results.Where(r => r.Dataset == dataset && r.Method == method).Select(value).ToList();
                    row.Add(values.Count == 0 ? "–" : $"{Stats.Mean(values):0.000} ± {Stats.Std(values):0.000}");
                }
                table.Row(row);
            }
            var mean = new List<string> { "**mean**", "" };
            foreach (string method in methods)
            {
                // Mean of per-dataset means, over the datasets where the method produced a result.
                var perSet = datasets.Select(d => results.Where(r => r.Dataset == d && r.Method == method).Select(value).ToList())
                    .Where(v => v.Count > 0).Select(Stats.Mean).ToList();
                mean.Add(perSet.Count == 0 ? "–" : $"**{Stats.Mean(perSet):0.000}**" + (perSet.Count < datasets.Length ? $" ({perSet.Count} sets)" : ""));
            }
            table.Row(mean);
            text.Append(table);
        }

        /// <summary>
        /// Every method ranked by its mean AUC-ROC over the sets, next to its mean AUC-PR and its worst case: the largest
        /// gap, over the sets, between it and the best method of that set (both as means over seeds). A method that is
        /// best on average but collapses somewhere shows it here.
        /// </summary>
        private static void Ranking(StringBuilder text, List<RunResult> results, string[] methods, string[] datasets)
        {
            var perSet = datasets.ToDictionary(d => d, d => methods.ToDictionary(m => m,
                m => Stats.Mean(results.Where(r => r.Dataset == d && r.Method == m).Select(r => r.AucRoc))));
            var best = datasets.ToDictionary(d => d, d => perSet[d].Values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max());
            var rows = methods.Select(m =>
            {
                var sets = datasets.Where(d => !double.IsNaN(perSet[d][m])).ToList();
                double meanRoc = Stats.Mean(sets.Select(d => perSet[d][m]));
                double meanPr = Stats.Mean(sets.Select(d => Stats.Mean(results.Where(r => r.Dataset == d && r.Method == m).Select(r => r.AucPr))));
                (double gap, string set) = sets.Select(d => (best[d] - perSet[d][m], d)).DefaultIfEmpty((double.NaN, "")).Max();
                return (Method: m, MeanRoc: meanRoc, MeanPr: meanPr, Gap: gap, Set: set, Sets: sets.Count);
            }).OrderByDescending(r => r.MeanRoc).ToList();
            text.AppendLine().AppendLine("## Ranking (mean test AUC-ROC over the sets; worst case = largest gap to the best method of a set)").AppendLine();
            var table = new MarkdownTable("rank", "method", "mean AUC-ROC", "mean AUC-PR", "worst gap to a set's best", "on set", "sets");
            int rank = 0;
            foreach (var row in rows)
                table.Row((++rank).ToString(CultureInfo.InvariantCulture), row.Method, F(row.MeanRoc), F(row.MeanPr), F(row.Gap), row.Set,
                    row.Sets.ToString(CultureInfo.InvariantCulture));
            text.Append(table);
        }

        /// <summary>The sweep's model against the default it starts from, set by set (when both ran).</summary>
        private static void SweepVersusDefault(StringBuilder text, List<RunResult> results, string[] datasets)
        {
            const string Sweep = "Sweep", Default = "Default";
            if (!results.Any(r => r.Method == Sweep) || !results.Any(r => r.Method == Default))
                return;
            text.AppendLine().AppendLine("## Sweep versus Default (test AUC-ROC, mean over seeds)").AppendLine();
            var table = new MarkdownTable("dataset", "Default", "Sweep", "Sweep - Default");
            var gaps = new List<double>();
            foreach (string dataset in datasets)
            {
                double swept = Stats.Mean(results.Where(r => r.Dataset == dataset && r.Method == Sweep).Select(r => r.AucRoc));
                double baseline = Stats.Mean(results.Where(r => r.Dataset == dataset && r.Method == Default).Select(r => r.AucRoc));
                if (!double.IsNaN(swept - baseline))
                    gaps.Add(swept - baseline);
                table.Row(dataset, F(baseline), F(swept), Signed(swept - baseline));
            }
            table.Row("**mean** (worst)", "", "", gaps.Count == 0 ? "–" : $"{Signed(Stats.Mean(gaps))} ({Signed(gaps.Min())})");
            text.Append(table);
        }

        /// <summary>The design study: each candidate design's held-out AUC-ROC on the training labels, per set (mean over seeds).</summary>
        private static void Design(StringBuilder text, List<DesignResult> design)
        {
            if (design.Count == 0)
                return;
            string[] designs = design.Select(r => r.Design).Distinct().ToArray();
            string[] datasets = design.Select(r => r.Dataset).Distinct().OrderBy(d => d, DatasetNameComparer.Instance).ToArray();
            text.AppendLine().AppendLine("## Design study (3-fold cross-validation on the training labels; held-out AUC-ROC, mean over seeds)").AppendLine();
            text.AppendLine("Each design trains on two folds of the training part and ranks the third fold's labeled anomalies among its unlabeled " +
                "rows; the test part is never used. Sets with fewer than 3 labeled anomalies are left out. Per-seed values: design.csv.").AppendLine();
            var table = new MarkdownTable(new[] { "design" }.Concat(datasets).Append("mean").ToArray());
            foreach (string name in designs)
            {
                var perSet = datasets.Select(d => Stats.Mean(design.Where(r => r.Dataset == d && r.Design == name).Select(r => r.HeldOutAucRoc))).ToList();
                table.Row(new[] { name }.Concat(perSet.Select(v => F(v))).Append($"**{F(Stats.Mean(perSet.Where(v => !double.IsNaN(v))))}**").ToArray());
            }
            text.Append(table);
        }

        private static void Wins(StringBuilder text, List<RunResult> results, string[] methods, string[] datasets)
        {
            var wins = methods.ToDictionary(m => m, _ => 0);
            foreach (string dataset in datasets)
            {
                var means = methods.Select(m => (Method: m, Auc: Stats.Mean(results.Where(r => r.Dataset == dataset && r.Method == m).Select(r => r.AucRoc))))
                    .Where(x => !double.IsNaN(x.Auc)).ToList();
                if (means.Count == 0)
                    continue;
                double best = means.Max(x => Math.Round(x.Auc, 3));
                foreach (var x in means.Where(x => Math.Round(x.Auc, 3) == best))
                    wins[x.Method]++;
            }
            text.AppendLine().AppendLine("## Wins per method (highest mean AUC-ROC of a set, ties at 3 decimals count for each)").AppendLine();
            var table = new MarkdownTable("method", "wins");
            foreach (var (method, count) in wins.OrderByDescending(w => w.Value))
                table.Row(method, count.ToString(CultureInfo.InvariantCulture));
            text.Append(table);
        }

        private static void LossComparison(StringBuilder text, List<RunResult> results, string[] datasets, ReferenceNumbers reference)
        {
            var backbones = results.Where(r => r.Variant != null).Select(r => r.Variant!.BackboneName).Distinct().ToList();
            backbones = backbones.Where(b => results.Any(r => r.Variant?.BackboneName == b && r.Variant.LossName == "Full")
                && results.Any(r => r.Variant?.BackboneName == b && r.Variant.LossName == "AnoOnly")).ToList();
            if (backbones.Count == 0)
                return;
            text.AppendLine().AppendLine("## AnoOnly minus Full per backbone (AUC-ROC, mean over seeds; as the paper's table)").AppendLine();
            bool withReference = !reference.IsEmpty;
            var header = new List<string> { "dataset" };
            foreach (string b in backbones)
            {
                header.AddRange(new[] { $"{b} Full", $"{b} AnoOnly", $"{b} Δ" });
                if (withReference)
                    header.Add($"{b} Δ ref");
            }
            var table = new MarkdownTable(header.ToArray());
            var deltas = backbones.ToDictionary(b => b, _ => new List<double>());
            var refDeltas = backbones.ToDictionary(b => b, _ => new List<double>());
            var fulls = backbones.ToDictionary(b => b, _ => new List<double>());
            var anos = backbones.ToDictionary(b => b, _ => new List<double>());
            foreach (string dataset in datasets)
            {
                var row = new List<string> { dataset };
                foreach (string b in backbones)
                {
                    double full = MeanAuc(results, dataset, b, "Full"), ano = MeanAuc(results, dataset, b, "AnoOnly");
                    double delta = ano - full;
                    double refDelta = reference.AucRoc(dataset, b, "AnoOnly") - reference.AucRoc(dataset, b, "Full");
                    row.AddRange(new[] { F(full), F(ano), Signed(delta) });
                    if (withReference)
                        row.Add(Signed(refDelta));
                    if (!double.IsNaN(delta))
                    {
                        deltas[b].Add(delta);
                        fulls[b].Add(full);
                        anos[b].Add(ano);
                    }
                    if (!double.IsNaN(refDelta))
                        refDeltas[b].Add(refDelta);
                }
                table.Row(row);
            }
            var mean = new List<string> { "**mean**" };
            foreach (string b in backbones)
            {
                mean.AddRange(new[] { F(Stats.Mean(fulls[b])), F(Stats.Mean(anos[b])), Signed(Stats.Mean(deltas[b])) });
                if (withReference)
                    mean.Add(Signed(Stats.Mean(refDeltas[b])));
            }
            table.Row(mean);
            var wins = new List<string> { "AnoOnly better / worse" };
            foreach (string b in backbones)
            {
                wins.AddRange(new[] { "", "", $"{deltas[b].Count(d => d > 0.0005)} / {deltas[b].Count(d => d < -0.0005)}" });
                if (withReference)
                    wins.Add($"{refDeltas[b].Count(d => d > 0.0005)} / {refDeltas[b].Count(d => d < -0.0005)}");
            }
            table.Row(wins);
            text.Append(table);
            if (withReference)
                text.AppendLine().AppendLine("Δ ref: the same difference in the PyTorch reference (../shared/reference).");
        }

        private static void ReferenceComparison(StringBuilder text, List<RunResult> results, string[] datasets, ReferenceNumbers reference)
        {
            var methods = results.Where(r => r.Variant != null).Select(r => (r.Method, r.Variant!)).Distinct().ToList();
            if (reference.IsEmpty || methods.Count == 0)
                return;
            text.AppendLine().AppendLine("## Comparison with the PyTorch reference (AUC-ROC, mean over seeds)").AppendLine();
            text.AppendLine($"Reference: {string.Join(", ", reference.Files.Select(f => $"`{Path.GetFileName(f)}`"))} (PyTorch 1.13, seeds 1-3, same protocol). " +
                "The reference is a mean over seeds 1-3; a run over other seeds compares less closely.").AppendLine();
            var table = new MarkdownTable(new[] { "dataset" }.Concat(methods.SelectMany(m => new[] { m.Method, "ref", "diff" })).ToArray());
            var diffs = methods.ToDictionary(m => m.Method, _ => new List<double>());
            foreach (string dataset in datasets)
            {
                var row = new List<string> { dataset };
                foreach (var (method, variant) in methods)
                {
                    double ours = Stats.Mean(results.Where(r => r.Dataset == dataset && r.Method == method).Select(r => r.AucRoc));
                    double theirs = reference.AucRoc(dataset, variant.BackboneName, variant.LossName);
                    row.AddRange(new[] { F(ours), F(theirs), Signed(ours - theirs) });
                    if (!double.IsNaN(ours - theirs))
                        diffs[method].Add(ours - theirs);
                }
                table.Row(row);
            }
            table.Row(new[] { "**mean diff** (mean abs diff)" }.Concat(methods.SelectMany(m => new[]
            {
                "", "", diffs[m.Method].Count == 0 ? "–" : $"{Signed(Stats.Mean(diffs[m.Method]))} ({Stats.Mean(diffs[m.Method].Select(Math.Abs)):0.000})",
            })).ToArray());
            text.Append(table);
        }

        private static void Speed(StringBuilder text, List<RunResult> results, string[] methods)
        {
            text.AppendLine().AppendLine("## Speed, side by side on the same splits").AppendLine();
            text.AppendLine("Absolute times are this machine's; the ratios to RandomizedPca (median over dataset x seed of the per-split ratio) are what carry over. " +
                "Transform: rows/s of a cursor reading Score over the in-memory test rows, repeated; PredictionEngine: one reused engine, " +
                "microseconds per Predict call. Peak working set: the process's resident high-water mark during fit and scoring (libraries included).").AppendLine();
            var table = new MarkdownTable("method", "fit s (mean)", "fit / PCA", "Transform rows/s (median)", "vs PCA", "PredictionEngine µs/row (median)", "vs PCA", "peak working set MB (median)");
            foreach (string method in methods)
            {
                var mine = results.Where(r => r.Method == method).ToList();
                table.Row(method, F(Stats.Mean(mine.Select(r => r.FitSeconds)), "0.000"),
                    Ratio(results, method, r => r.FitSeconds), F(Stats.Median(mine.Select(r => r.ScoreRowsPerSecond)), "N0"),
                    Ratio(results, method, r => r.ScoreRowsPerSecond), F(Stats.Median(mine.Select(r => r.PredictMicroseconds)), "0.00"),
                    Ratio(results, method, r => r.PredictMicroseconds), F(Stats.Median(mine.Select(r => r.PeakWorkingSetMb)), "N0"));
            }
            text.Append(table);
        }

        private static string Ratio(List<RunResult> results, string method, Func<RunResult, double> value)
        {
            var ratios = results.Where(r => r.Method == method).Select(r =>
            {
                RunResult? pca = results.FirstOrDefault(p => p.Method == Baseline && p.Dataset == r.Dataset && p.Seed == r.Seed);
                return pca == null ? double.NaN : value(r) / value(pca);
            }).ToList();
            return F(Stats.Median(ratios), "0.00") + (double.IsNaN(Stats.Median(ratios)) ? "" : "x");
        }

        private static void Targets(StringBuilder text, List<TargetResult> targets)
        {
            if (targets.Count == 0)
                return;
            text.AppendLine().AppendLine("## Speed targets (measured, not asserted)").AppendLine();
            var table = new MarkdownTable("target", "measured", "met", "how");
            foreach (TargetResult t in targets)
                table.Row(t.Target, t.Measured, t.Met switch { true => "yes", false => "**no**", null => "–" }, t.How);
            text.Append(table);
        }

        private static void LabelNoise(StringBuilder text, List<RunResult> results)
        {
            var noisy = results.Where(r => r.Variant != null).ToList();
            double[] levels = noisy.Select(r => r.LabelNoise).Distinct().OrderBy(p => p).ToArray();
            if (levels.Length < 2)
                return;
            text.AppendLine().AppendLine("## Label noise (test AUC-ROC, mean over sets and seeds)").AppendLine();
            text.AppendLine("A fraction p of the rows labeled as anomalies are in truth normal: round(p / (1 - p) x labeled) train normals get the anomaly label. " +
                "Per-set figures: label_noise.csv.").AppendLine();
            var table = new MarkdownTable(new[] { "method" }.Concat(levels.Select(p => $"p = {p:0.##}")).Append("drop 0 → max p").ToArray());
            foreach (string method in noisy.Select(r => r.Method).Distinct())
            {
                var means = levels.Select(p => NoiseMean(noisy, method, p)).ToList();
                table.Row(new[] { method }.Concat(means.Select(m => F(m))).Append(Signed(means[^1] - means[0])).ToArray());
            }
            text.Append(table);
        }

        /// <summary>Mean over datasets of the per-dataset mean over seeds, at one noise level.</summary>
        public static double NoiseMean(IEnumerable<RunResult> results, string method, double level)
            => Stats.Mean(results.Where(r => r.Method == method && r.LabelNoise == level).GroupBy(r => r.Dataset)
                .Select(g => Stats.Mean(g.Select(r => r.AucRoc))));

        private static void Scale(StringBuilder text, List<ScaleResult> scale)
        {
            if (scale.Count == 0)
                return;
            text.AppendLine().AppendLine("## Scale (synthetic rows; see scale.csv)").AppendLine();
            text.AppendLine("Materialised: rows held in memory (an in-memory IDataView). Streamed: rows generated by the cursor, never held; " +
                "AnoOnly keeps every labeled anomaly and a reservoir of Options.MaxUnlabeledRows unlabeled rows. " +
                "Each measurement runs in a fresh child process (warmed up on a small set first). Baseline: working set before the fit, data and loaded libraries included; peak: high-water mark during fit and scoring.").AppendLine();
            var table = new MarkdownTable("kind", "method", "rows", "d", "feature MB", "fit s", "baseline MB", "peak MB", "peak − baseline MB", "Transform rows/s");
            foreach (ScaleResult r in scale)
                table.Row(r.Kind, r.Method, r.Rows.ToString("N0", CultureInfo.InvariantCulture), r.Features.ToString(CultureInfo.InvariantCulture),
                    F(r.DataMb, "N0"), F(r.FitSeconds, "0.00"), F(r.BaselineMb, "N0"), F(r.PeakMb, "N0"), F(r.PeakMb - r.BaselineMb, "N0"),
                    F(r.ScoreRowsPerSecond, "N0"));
            text.Append(table);

            text.AppendLine().AppendLine("Growth with the number of rows (least-squares exponent b of y ~ rows^b):").AppendLine();
            var growth = new MarkdownTable("kind", "method", "d", "sizes", "fit time", "peak − baseline memory");
            foreach (var group in scale.GroupBy(r => (r.Kind, r.Method, r.Features)))
            {
                var rows = group.OrderBy(r => r.Rows).ToList();
                if (rows.Count < 2)
                    continue;
                var time = Stats.Growth(rows.Select(r => ((double)r.Rows, r.FitSeconds)).ToList());
                var memory = Stats.Growth(rows.Select(r => ((double)r.Rows, Math.Max(1, r.PeakMb - r.BaselineMb))).ToList());
                growth.Row(group.Key.Kind, group.Key.Method, group.Key.Features.ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", rows.Select(r => r.Rows.ToString("N0", CultureInfo.InvariantCulture))),
                    $"{time.Name} (b = {time.Exponent:0.00})", $"{memory.Name} (b = {memory.Exponent:0.00})");
            }
            text.Append(growth);
        }

        private static double MeanAuc(List<RunResult> results, string dataset, string backbone, string loss)
            => Stats.Mean(results.Where(r => r.Dataset == dataset && r.Variant?.BackboneName == backbone && r.Variant.LossName == loss)
                .Select(r => r.AucRoc));

        private static string F(double value, string format = "0.000")
            => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

        private static string Signed(double value)
            => double.IsNaN(value) ? "–" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
    }
}
