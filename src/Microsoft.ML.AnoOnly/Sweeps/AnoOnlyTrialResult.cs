using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.AnoOnly.Sweeps;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>One trial of an <see cref="AnoOnlyExperiment"/>: a set of options cross-validated on the training data.</summary>
    public sealed class AnoOnlyTrialResult
    {
        internal AnoOnlyTrialResult(int trialId, AnoOnlyTrainer.Options options, IReadOnlyDictionary<string, object> parameters,
            double budget, AnoOnlyMetric metric, IReadOnlyList<double> foldMetrics, TimeSpan startedAfter, TimeSpan duration,
            AnoOnlyTrialStatus status, string? error)
        {
            TrialId = trialId;
            Options = options;
            Parameters = parameters;
            Budget = budget;
            Metric = metric;
            FoldMetrics = foldMetrics;
            StartedAfter = startedAfter;
            Duration = duration;
            Status = status;
            Error = error;
            if (foldMetrics.Count > 0)
            {
                MetricMean = foldMetrics.Average();
                MetricStdDev = Math.Sqrt(foldMetrics.Sum(m => (m - MetricMean) * (m - MetricMean)) / foldMetrics.Count);
            }
            else
            {
                MetricMean = double.NaN;
                MetricStdDev = double.NaN;
            }
        }

        /// <summary>The trial's number, from 1 in the order trials ran.</summary>
        public int TrialId { get; }

        /// <summary>The options the folds were trained with (the searched settings filled in, <c>NumberOfEpochs</c>
        /// already reduced to <see cref="Budget"/>). Refitting with them reproduces the trial's training.</summary>
        public AnoOnlyTrainer.Options Options { get; }

        /// <summary>The searched settings of the configuration, by option name, with its full number of epochs.</summary>
        public IReadOnlyDictionary<string, object> Parameters { get; }

        /// <summary>The share of the configuration's epochs this trial trained with: 1, or 1/3 and 1/9 for the
        /// early rungs of successive halving.</summary>
        public double Budget { get; }

        /// <summary>The metric of <see cref="FoldMetrics"/>.</summary>
        public AnoOnlyMetric Metric { get; }

        /// <summary>The metric of each held-out fold, against the labels given at training time; empty if the trial failed.</summary>
        public IReadOnlyList<double> FoldMetrics { get; }

        /// <summary>The mean of <see cref="FoldMetrics"/>; NaN if the trial failed.</summary>
        public double MetricMean { get; }

        /// <summary>The (population) standard deviation of <see cref="FoldMetrics"/>; NaN if the trial failed.</summary>
        public double MetricStdDev { get; }

        /// <summary>When the trial started, from the start of the experiment.</summary>
        public TimeSpan StartedAfter { get; }

        /// <summary>Wall time of the trial (all folds).</summary>
        public TimeSpan Duration { get; }

        /// <summary>How the trial ended.</summary>
        public AnoOnlyTrialStatus Status { get; }

        /// <summary>Why the trial failed; null if it succeeded.</summary>
        public string? Error { get; }

        /// <summary>One line: number, settings, metric, time.</summary>
        /// <returns>The line.</returns>
        public override string ToString()
        {
            string settings = string.Join(", ", Parameters.Select(p => $"{p.Key}={SearchDimension.Format(p.Value)}"));
            string outcome = Status == AnoOnlyTrialStatus.Succeeded
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{Leaderboard.MetricName(Metric)} {MetricMean:F4} ± {MetricStdDev:F4} over {FoldMetrics.Count} folds")
                : $"{Status}: {Error}";
            return string.Create(CultureInfo.InvariantCulture,
                $"Trial {TrialId} ({settings}; budget {Leaderboard.FormatBudget(Budget)}): {outcome} in {Duration.TotalSeconds:F1} s");
        }
    }
}
