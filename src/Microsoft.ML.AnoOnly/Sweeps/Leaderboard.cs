using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>The trials of an experiment as a text table (best first) or as CSV (in the order they ran).</summary>
    internal static class Leaderboard
    {
        public static string MetricName(AnoOnlyMetric metric) => metric == AnoOnlyMetric.AreaUnderPrCurve ? "AUC-PR" : "AUC-ROC";

        public static string FormatBudget(double budget)
            => budget >= 1 ? "1" : "1/" + Math.Round(1 / budget).ToString(CultureInfo.InvariantCulture);

        /// <summary>Succeeded trials by mean metric (ties: smaller spread, then earlier), failed ones last.</summary>
        public static IEnumerable<AnoOnlyTrialResult> Ranked(IEnumerable<AnoOnlyTrialResult> trials)
            => trials.OrderBy(t => t.Status == AnoOnlyTrialStatus.Succeeded ? 0 : 1)
                .ThenByDescending(t => double.IsNaN(t.MetricMean) ? double.NegativeInfinity : t.MetricMean)
                .ThenBy(t => double.IsNaN(t.MetricStdDev) ? double.PositiveInfinity : t.MetricStdDev)
                .ThenBy(t => t.TrialId);

        public static string Table(IReadOnlyList<AnoOnlyTrialResult> trials, AnoOnlyMetric metric, int top)
        {
            string[] parameterNames = ParameterNames(trials);
            var header = new List<string> { "rank", "trial" };
            header.AddRange(parameterNames);
            header.AddRange(new[] { "budget", MetricName(metric), "std", "seconds", "status" });
            var rows = new List<string[]> { header.ToArray() };
            int rank = 0;
            foreach (AnoOnlyTrialResult trial in Ranked(trials).Take(top))
            {
                var row = new List<string> { (++rank).ToString(CultureInfo.InvariantCulture), trial.TrialId.ToString(CultureInfo.InvariantCulture) };
                row.AddRange(parameterNames.Select(n => trial.Parameters.TryGetValue(n, out object? v) ? SearchDimension.Format(v) : ""));
                row.Add(FormatBudget(trial.Budget));
                row.Add(trial.Status == AnoOnlyTrialStatus.Succeeded ? trial.MetricMean.ToString("F4", CultureInfo.InvariantCulture) : "-");
                row.Add(trial.Status == AnoOnlyTrialStatus.Succeeded ? trial.MetricStdDev.ToString("F4", CultureInfo.InvariantCulture) : "-");
                row.Add(trial.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
                row.Add(trial.Status.ToString());
                rows.Add(row.ToArray());
            }
            int[] widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
            var text = new StringBuilder();
            for (int r = 0; r < rows.Count; r++)
            {
                text.AppendLine(string.Join("  ", rows[r].Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
                if (r == 0)
                    text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
            return text.ToString();
        }

        /// <summary>The columns of trials.csv after the parameters.</summary>
        private static readonly string[] TrialColumns = { "epochs_trained", "budget", "metric", "mean", "std", "fold_metrics", "started_s", "seconds", "error" };

        public static void WriteCsv(IReadOnlyList<AnoOnlyTrialResult> trials, TextWriter writer)
        {
            string[] parameterNames = ParameterNames(trials);
            var header = new List<string> { "trial", "status" };
            header.AddRange(parameterNames);
            header.AddRange(TrialColumns);
            writer.WriteLine(string.Join(",", header.Select(Quote)));
            foreach (AnoOnlyTrialResult trial in trials.OrderBy(t => t.TrialId))
            {
                var cells = new List<string> { Invariant(trial.TrialId), trial.Status.ToString() };
                cells.AddRange(parameterNames.Select(n => trial.Parameters.TryGetValue(n, out object? v) ? Raw(v) : ""));
                cells.Add(trial.Options.NumberOfEpochs is int epochs ? Invariant(epochs) : "");
                cells.Add(Invariant(trial.Budget));
                cells.Add(MetricName(trial.Metric));
                cells.Add(Invariant(trial.MetricMean));
                cells.Add(Invariant(trial.MetricStdDev));
                cells.Add(string.Join(";", trial.FoldMetrics.Select(Invariant)));
                cells.Add(Invariant(trial.StartedAfter.TotalSeconds));
                cells.Add(Invariant(trial.Duration.TotalSeconds));
                cells.Add(trial.Error ?? "");
                writer.WriteLine(string.Join(",", cells.Select(Quote)));
            }
        }

        private static string[] ParameterNames(IReadOnlyList<AnoOnlyTrialResult> trials)
            => trials.SelectMany(t => t.Parameters.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();

        private static string Raw(object? value) => value switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(value is double or float ? "R" : null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The characters that make a CSV cell need quotes.</summary>
        private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\n\r");

        private static string Quote(string cell)
            => cell.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }
}
