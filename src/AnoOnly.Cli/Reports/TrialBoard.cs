using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Microsoft.ML.AnoOnly.Cli.Reports
{
    /// <summary>
    /// The sweep's leaderboard as trials finish, best first. In an interactive console it is one Spectre.Console table,
    /// redrawn in place (<see cref="LiveDisplay"/>); in a log or a pipe, where redrawing would print the table again and
    /// again, each trial is one line as it finishes and the table is printed once at the end.
    /// </summary>
    internal sealed class TrialBoard : IProgress<AnoOnlyTrialResult>
    {
        /// <summary>Rows the table shows; the rest are counted in its caption.</summary>
        public const int Shown = 12;

        private readonly IAnsiConsole _console;
        private readonly string _metricName;
        private readonly int _maxTrials;
        private readonly List<AnoOnlyTrialResult> _trials = new();
        private LiveDisplayContext? _live;

        public TrialBoard(IAnsiConsole console, AnoOnlyMetric metric, int maxTrials)
        {
            _console = console;
            _metricName = metric == AnoOnlyMetric.AreaUnderPrCurve ? "AUC-PR" : "AUC-ROC";
            _maxTrials = maxTrials;
            Table = Build();
        }

        /// <summary>Whether the console can redraw a table in place.</summary>
        public bool IsLive => _console.Profile.Capabilities.Interactive && _console.Profile.Capabilities.Ansi;

        /// <summary>The table shown (the whole leaderboard so far).</summary>
        public Table Table { get; private set; }

        /// <summary>Runs <paramref name="work"/> with the board on screen: live where the console allows it.</summary>
        public T Show<T>(Func<T> work)
        {
            if (!IsLive)
                return work();
            T result = default!;
            _console.Live(Table).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(context =>
            {
                _live = context;
                result = work();
                _live = null;
            });
            return result;
        }

        /// <summary>A finished trial: called on the experiment's thread, in the order trials finish.</summary>
        public void Report(AnoOnlyTrialResult value)
        {
            _trials.Add(value);
            if (_live != null)
            {
                Table = Build();
                _live.UpdateTarget(Table);
                _live.Refresh();
                return;
            }
            AnoOnlyTrialResult best = Ranked().First();
            _console.MarkupLine(Markup.Escape($"{Describe(value)}: {Outcome(value)}; best so far: trial {best.TrialId}" +
                                              (best.Status == AnoOnlyTrialStatus.Succeeded ? $" ({best.MetricMean.ToString("F4", CultureInfo.InvariantCulture)})" : "") + "."));
        }

        /// <summary>Prints the final table where it was not on screen already.</summary>
        public void WriteFinal()
        {
            if (IsLive)
                return;
            _console.Write(Build());
        }

        /// <summary>Succeeded trials by mean metric (ties: smaller spread, then earlier), failed ones last: the experiment's order.</summary>
        private IEnumerable<AnoOnlyTrialResult> Ranked()
            => _trials.OrderBy(t => t.Status == AnoOnlyTrialStatus.Succeeded ? 0 : 1)
                .ThenByDescending(t => double.IsNaN(t.MetricMean) ? double.NegativeInfinity : t.MetricMean)
                .ThenBy(t => double.IsNaN(t.MetricStdDev) ? double.PositiveInfinity : t.MetricStdDev)
                .ThenBy(t => t.TrialId);

        private Table Build()
        {
            // Narrow columns and no side borders: the board fits an 80-column console (and a CI log) without wrapping.
            var table = new Table().Border(TableBorder.Minimal);
            foreach ((string header, bool right) in new[]
            {
                ("#", true), ("Trial", true), ("Backbone", false), ("Loss", false), ("Rate", true), ("Epochs", true),
                ("Batch", true), ("Budget", true), (_metricName, true), ("±", true), ("Sec", true),
            })
            {
                var column = new TableColumn(header) { Padding = new Padding(0, 0, 0, 0), NoWrap = true };
                table.AddColumn(right ? column.RightAligned() : column);
            }
            int rank = 0;
            foreach (AnoOnlyTrialResult trial in Ranked().Take(Shown))
            {
                bool succeeded = trial.Status == AnoOnlyTrialStatus.Succeeded;
                table.AddRow(
                    (++rank).ToString(CultureInfo.InvariantCulture),
                    trial.TrialId.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape((Setting(trial, nameof(AnoOnlyTrainer.Options.Backbone)) ?? trial.Options.Backbone.ToString()) + (trial.TrialId == 1 ? "*" : "")),
                    Markup.Escape(Setting(trial, nameof(AnoOnlyTrainer.Options.Loss)) switch { null => "-", "AnomalyOnly" => "AnoOnly", var loss => loss }),
                    Markup.Escape(Setting(trial, nameof(AnoOnlyTrainer.Options.LearningRate)) ?? "-"),
                    Markup.Escape(Setting(trial, nameof(AnoOnlyTrainer.Options.NumberOfEpochs)) ?? "-"),
                    Markup.Escape(Setting(trial, nameof(AnoOnlyTrainer.Options.BatchSize)) ?? "-"),
                    Budget(trial.Budget),
                    succeeded ? trial.MetricMean.ToString("F4", CultureInfo.InvariantCulture) : "failed",
                    succeeded ? trial.MetricStdDev.ToString("F4", CultureInfo.InvariantCulture) : "",
                    trial.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
            }
            string more = _trials.Count > Shown ? $", {_trials.Count - Shown} more in the trials CSV" : "";
            table.Caption($"{_trials.Count} of at most {_maxTrials} trials, best first{more}; * the default configuration");
            return table;
        }

        private static string? Setting(AnoOnlyTrialResult trial, string name)
            => trial.Parameters.TryGetValue(name, out object? value) ? Format(value) : null;

        private static string Format(object value) => value switch
        {
            double d => d.ToString("G3", CultureInfo.InvariantCulture),
            float f => f.ToString("G3", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        private static string Budget(double budget)
            => budget >= 1 ? "1" : "1/" + Math.Round(1 / budget).ToString(CultureInfo.InvariantCulture);

        private static string Describe(AnoOnlyTrialResult trial)
        {
            if (trial.TrialId == 1)
                return $"Trial 1 (the default: {trial.Options.Backbone})";
            string settings = string.Join(", ", trial.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {Format(p.Value)}"));
            return $"Trial {trial.TrialId} ({settings}; budget {Budget(trial.Budget)})";
        }

        private string Outcome(AnoOnlyTrialResult trial)
            => trial.Status == AnoOnlyTrialStatus.Succeeded
                ? string.Create(CultureInfo.InvariantCulture, $"{_metricName} {trial.MetricMean:F4} ± {trial.MetricStdDev:F4} in {trial.Duration.TotalSeconds:F1} s")
                : $"failed ({trial.Error})";
    }
}
