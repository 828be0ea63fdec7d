using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.ML.AnoOnly.Sweeps;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>What an <see cref="AnoOnlyExperiment"/> found: the best options, refit on all the training data,
    /// and every trial.</summary>
    public sealed class AnoOnlyExperimentResult
    {
        internal AnoOnlyExperimentResult(AnoOnlyTransformer bestModel, AnoOnlyTrialResult bestTrial, AnoOnlyTrialResult? defaultTrial,
            IReadOnlyList<AnoOnlyTrialResult> trials, IReadOnlyList<AnoOnlyTrialResult> confirmationTrials, AnoOnlyMetric metric, int seed, int numberOfFolds, AnoOnlyExperimentStopReason stopReason,
            TimeSpan trialsDuration, TimeSpan refitDuration)
        {
            BestModel = bestModel;
            BestTrial = bestTrial;
            DefaultTrial = defaultTrial;
            Trials = trials;
            ConfirmationTrials = confirmationTrials;
            Metric = metric;
            Seed = seed;
            NumberOfFolds = numberOfFolds;
            StopReason = stopReason;
            TrialsDuration = trialsDuration;
            RefitDuration = refitDuration;
        }

        /// <summary>
        /// The model trained on all the training data: the default's when the sweep kept it; when another configuration
        /// was clearly better (<see cref="KeptDefault"/> false), the default and that configuration, each trained on all
        /// the data, joined into one model in which each has an equal say (their scores on one scale, then averaged): a
        /// handful of labeled anomalies can favour a configuration that misses the anomalies they do not describe, and
        /// the default's share bounds that loss. Its <see cref="AnoOnlyTransformer.Members"/> list the members of both.
        /// </summary>
        public AnoOnlyTransformer BestModel { get; }

        /// <summary>
        /// The chosen trial: the best-ranked configuration trained with its full number of epochs if it is clearly better
        /// than <see cref="DefaultTrial"/> on the same folds (its gain, fold by fold, averages more than the gains' standard
        /// deviation and more than the best of that many trials gains by chance), and again on fresh folds
        /// (<see cref="ConfirmationTrials"/>); else the default itself.
        /// </summary>
        public AnoOnlyTrialResult BestTrial { get; }

        /// <summary>Trial 1: the experiment's base options unchanged (by default the ensemble of
        /// <c>AnoOnly()</c>), or <see langword="null"/> when the experiment stopped before it finished.</summary>
        public AnoOnlyTrialResult? DefaultTrial { get; }

        /// <summary>Whether the sweep kept the default: no configuration was clearly better.</summary>
        public bool KeptDefault => BestTrial == DefaultTrial;

        /// <summary>The options of <see cref="BestTrial"/>: the default's when it was kept, else the configuration that
        /// joined it in <see cref="BestModel"/>.</summary>
        public AnoOnlyTrainer.Options BestOptions => BestTrial.Options;

        /// <summary>Every finished trial, in the order they ran.</summary>
        public IReadOnlyList<AnoOnlyTrialResult> Trials { get; }

        /// <summary>
        /// The default and the proposed configuration cross-validated again on fresh folds, in that order, when a
        /// configuration was clearly better than the default on the sweep's folds; empty otherwise (or when cancelled
        /// before they finished). The switch stands only if it is clearly better on these folds too: the sweep's own folds
        /// favour whichever trial happened to suit them.
        /// </summary>
        public IReadOnlyList<AnoOnlyTrialResult> ConfirmationTrials { get; }

        /// <summary>The metric that was maximised.</summary>
        public AnoOnlyMetric Metric { get; }

        /// <summary>The seed of the folds, the tuner and the training runs (repeat it to repeat the experiment).</summary>
        public int Seed { get; }

        /// <summary>The number of folds used (the setting, capped by the number of labeled anomalies).</summary>
        public int NumberOfFolds { get; }

        /// <summary>Why the experiment stopped running trials.</summary>
        public AnoOnlyExperimentStopReason StopReason { get; }

        /// <summary>Wall time of the trials.</summary>
        public TimeSpan TrialsDuration { get; }

        /// <summary>Wall time of the final fit of <see cref="BestModel"/>.</summary>
        public TimeSpan RefitDuration { get; }

        /// <summary>The trials as a text table, best first.</summary>
        /// <param name="top">How many rows to show.</param>
        /// <returns>The table.</returns>
        public string ToLeaderboard(int top = int.MaxValue) => Leaderboard.Table(Trials, Metric, top);

        /// <summary>Writes every trial as CSV (one row per trial, in the order they ran).</summary>
        /// <param name="writer">Where to write.</param>
        public void WriteCsv(TextWriter writer) => Leaderboard.WriteCsv(Trials, writer ?? throw new ArgumentNullException(nameof(writer)));

        /// <summary>Saves every trial as a CSV file (UTF-8, invariant culture).</summary>
        /// <param name="path">The file to create or overwrite.</param>
        public void SaveCsv(string path)
        {
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
            WriteCsv(writer);
        }

        /// <summary>A summary line and the leaderboard.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
            => $"AnoOnly experiment: {Trials.Count} trials, {NumberOfFolds}-fold {Leaderboard.MetricName(Metric)}, seed {Seed}, " +
               $"stopped by {StopReason}; best trial {BestTrial.TrialId}.{Environment.NewLine}{ToLeaderboard()}";
    }
}
