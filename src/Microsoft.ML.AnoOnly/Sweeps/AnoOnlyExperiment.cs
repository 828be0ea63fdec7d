using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Sweeps;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// A hyperparameter sweep of <see cref="AnoOnlyTrainer"/>: it tries options from the search space declared on
    /// <see cref="AnoOnlyTrainer.Options"/> (backbone, loss, learning rate, epochs, batch size), scores each by
    /// stratified cross-validation on the training data's own labels, and refits on all of it the default, joined by the
    /// best other configuration when that one is clearly better (<see cref="AnoOnlyExperimentResult.BestModel"/>). Create it
    /// with <c>mlContext.AnomalyDetection.CreateAnoOnlyExperiment(settings)</c>; see docs/sweeps.md.
    /// </summary>
    public sealed class AnoOnlyExperiment
    {
        /// <summary>Fewest epochs a reduced-budget trial trains for.</summary>
        private const int MinimumEpochs = 2;

        /// <summary>The least mean gain over the default, per fold, that can count as clear evidence (a gain within the
        /// folds' own spread never does; see <see cref="ClearlyBetter"/>).</summary>
        internal const double MinimumGain = 0.005;

        private readonly IHostEnvironment _environment;
        private readonly IHost _host;
        private readonly AnoOnlyExperimentSettings _settings;

        internal AnoOnlyExperiment(IHostEnvironment environment, AnoOnlyExperimentSettings settings)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _host = environment.Register(nameof(AnoOnlyExperiment));
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            settings.Validate();
        }

        /// <summary>Replaces cross-validation (tests of the sweep loop that need no training).</summary>
        internal Func<CrossValidation, TrialEvaluator>? EvaluatorOverride { get; set; }

        /// <summary>Changes the search space read from the options (tests narrow the ranges to keep trials tiny).</summary>
        internal Func<OptionsSearchSpace, OptionsSearchSpace>? SearchSpaceOverride { get; set; }

        /// <summary>
        /// Runs trials until <see cref="AnoOnlyExperimentSettings.MaxTrials"/> have run,
        /// <see cref="AnoOnlyExperimentSettings.MaxDuration"/> has passed or <paramref name="cancellationToken"/> is
        /// cancelled, then fits the best options found on all of <paramref name="trainData"/>. A trial running when
        /// the time is up or the token is cancelled is dropped; the final fit still runs (it is not cancelled).
        /// </summary>
        /// <param name="trainData">The training data: the feature vector column and the label column of
        /// <see cref="AnoOnlyExperimentSettings.TrainerOptions"/>, with at least 2 labeled anomalies.</param>
        /// <param name="progress">Receives each finished trial, on the thread running the experiment.</param>
        /// <param name="cancellationToken">Stops the trials; the best found so far is returned.</param>
        /// <returns>The best model, its trial and every trial.</returns>
        /// <exception cref="OperationCanceledException">Cancelled before any trial finished.</exception>
        /// <exception cref="TimeoutException"><see cref="AnoOnlyExperimentSettings.MaxDuration"/> passed before any trial finished.</exception>
        /// <exception cref="AnoOnlyInputException">The data does not suit the sweep (columns, fewer than 2 labeled anomalies).</exception>
        /// <exception cref="AnoOnlyTrainingException">Every trial failed.</exception>
        public AnoOnlyExperimentResult Run(IDataView trainData, IProgress<AnoOnlyTrialResult>? progress = null,
            CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(trainData);
            AnoOnlyTrainer.Options baseOptions = OptionsCopy.Clone(_settings.TrainerOptions ?? new AnoOnlyTrainer.Options());
            baseOptions.CancellationToken = default;
            int seed = _settings.Seed ?? _host.Rand.Next();
            using IChannel channel = _host.Start("Sweep");

            var columns = TrainingColumns.Resolve(trainData.Schema, baseOptions.FeatureColumnName, baseOptions.LabelColumnName,
                baseOptions.ConfirmedNormalColumnName);
            var random = new Random(seed);
            TrainingSet data = TrainingSet.Load(trainData, columns, baseOptions.MaxUnlabeledRows, random, cancellationToken);
            var folds = StratifiedFolds.Create(data.Anomalies.Count, data.Unlabeled.Count, _settings.NumberOfFolds, random, columns.Label.Name);
            TrialEvaluator evaluate = Evaluator(data, folds);
            OptionsSearchSpace space = SearchSpace();
            var sampler = new ConfigurationSampler(space, new Random(unchecked(seed * 31 + 7)));
            ISweepTuner tuner = _settings.Tuner == AnoOnlyTuner.RandomSearch
                ? new RandomSearchTuner(sampler)
                : new SuccessiveHalvingTuner(sampler, Math.Max(0, _settings.MaxTrials - 1)); // trial 1 is the default
            channel.Info(MessageSensitivity.None,
                $"AnoOnly sweep: {data.Anomalies.Count} labeled anomalies and {data.Unlabeled.Count} unlabeled rows, {folds.Count}-fold " +
                $"{Leaderboard.MetricName(_settings.Metric)}, {_settings.Tuner}, at most {_settings.MaxTrials} trials" +
                (_settings.MaxDuration is TimeSpan limit ? $" or {limit.TotalSeconds:F0} s" : "") + $", seed {seed}.");

            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_settings.MaxDuration is TimeSpan maxDuration && maxDuration.TotalMilliseconds < int.MaxValue)
                stop.CancelAfter(maxDuration); // longer than CancelAfter accepts (24.8 days) means no limit in practice
            var trials = new List<AnoOnlyTrialResult>();
            // Trial 1 is the default: the base options as they are (by default the ensemble), with all their epochs. The
            // sweep keeps it unless another configuration is clearly better on the same folds.
            AnoOnlyTrialResult? baseline = RunDefaultTrial(baseOptions, seed, evaluate, clock, stop.Token);
            if (baseline != null)
            {
                trials.Add(baseline);
                channel.Info(MessageSensitivity.None, $"AnoOnly sweep: {baseline} (the default)");
                progress?.Report(baseline);
            }
            while (trials.Count < _settings.MaxTrials && !stop.IsCancellationRequested)
            {
                TrialCandidate? candidate = tuner.Propose();
                if (candidate is null)
                    break;
                AnoOnlyTrialResult? trial = RunTrial(trials.Count + 1, candidate, baseOptions, seed, evaluate, clock, stop.Token);
                if (trial is null)
                    break; // stopped midway: the partial trial is dropped
                tuner.Complete(candidate, trial.Status == AnoOnlyTrialStatus.Succeeded ? trial.MetricMean : null);
                trials.Add(trial);
                channel.Info(MessageSensitivity.None, $"AnoOnly sweep: {trial}");
                progress?.Report(trial);
            }
            TimeSpan trialsDuration = clock.Elapsed;
            AnoOnlyExperimentStopReason reason = cancellationToken.IsCancellationRequested ? AnoOnlyExperimentStopReason.Cancelled
                : stop.IsCancellationRequested ? AnoOnlyExperimentStopReason.MaxDuration
                : AnoOnlyExperimentStopReason.MaxTrials;

            AnoOnlyTrialResult best = PickBest(trials, baseline, reason, cancellationToken);
            var confirmation = new List<AnoOnlyTrialResult>();
            if (baseline is { Status: AnoOnlyTrialStatus.Succeeded } && best != baseline)
            {
                confirmation.AddRange(Confirm(data, columns.Label.Name, baseline, best, trials.Count, seed, clock, cancellationToken));
                bool confirmed = confirmation.Count == 2 && ClearlyBetter(confirmation[1], confirmation[0]);
                channel.Info(MessageSensitivity.None, confirmation.Count == 2
                    ? $"AnoOnly sweep: on fresh folds, the default {confirmation[0].MetricMean:F4} and trial {best.TrialId} {confirmation[1].MetricMean:F4}: " +
                      (confirmed ? "confirmed." : "not confirmed; the default stays.")
                    : "AnoOnly sweep: cancelled before the confirmation on fresh folds; the default stays.");
                if (!confirmed)
                    best = baseline;
            }
            // A configuration clearly better than the default joins it rather than replacing it (ChallengerJoin).
            bool join = best != baseline && baseline is { Status: AnoOnlyTrialStatus.Succeeded };
            channel.Info(MessageSensitivity.None,
                $"AnoOnly sweep: stopped by {reason} after {trials.Count} trials in {trialsDuration.TotalSeconds:F1} s; " +
                (best == baseline ? "no configuration was clearly better than the default; " : "") +
                (join ? $"refitting the default and trial {best.TrialId} on all rows, joined with an equal say."
                    : $"refitting trial {best.TrialId} on all rows."));
            clock.Restart();
            AnoOnlyTransformer model = Refit(best, trainData);
            if (join)
            {
                AnoOnlyTransformer byDefault = Refit(baseline!, trainData);
                model = new AnoOnlyTransformer(ChallengerJoin.Join(byDefault.State, model.State, data, seed, best.Options.Contamination),
                    trainData.Schema);
            }
            return new AnoOnlyExperimentResult(model, best, baseline, trials, confirmation, _settings.Metric, seed, folds.Count, reason,
                trialsDuration, clock.Elapsed);
        }

        /// <summary>The trial's options trained on all of <paramref name="trainData"/>.</summary>
        private AnoOnlyTransformer Refit(AnoOnlyTrialResult trial, IDataView trainData)
            => new AnoOnlyTrainer(_environment, OptionsCopy.Clone(trial.Options)).Fit(trainData, CancellationToken.None);

        /// <summary>
        /// The default and the proposed challenger cross-validated again on fresh folds (another stratified split of the same
        /// rows). The challenger was chosen because it scored best on the first folds, so its gain there is biased upwards
        /// by the choice itself (the winner's curse); on folds it was not chosen on, its gain is not. Runs after the time
        /// limit, like the refit; empty when <paramref name="cancellationToken"/> stops it.
        /// </summary>
        private IEnumerable<AnoOnlyTrialResult> Confirm(TrainingSet data, string labelColumn, AnoOnlyTrialResult baseline,
            AnoOnlyTrialResult challenger, int trialsRun, int seed, Stopwatch clock, CancellationToken cancellationToken)
        {
            TrialEvaluator evaluate = Evaluator(data, StratifiedFolds.Create(data.Anomalies.Count, data.Unlabeled.Count, _settings.NumberOfFolds,
                new Random(unchecked(seed * 31 + 11)), labelColumn));
            var results = new List<AnoOnlyTrialResult>();
            foreach (AnoOnlyTrialResult trial in new[] { baseline, challenger })
            {
                AnoOnlyTrialResult? again = Evaluate(trialsRun + results.Count + 1, OptionsCopy.Clone(trial.Options), trial.Parameters,
                    trial.Budget, evaluate, clock, cancellationToken);
                if (again is null || again.Status != AnoOnlyTrialStatus.Succeeded)
                    return Array.Empty<AnoOnlyTrialResult>();
                results.Add(again);
            }
            return results;
        }

        /// <summary>Cross-validation of trials on <paramref name="folds"/> of <paramref name="data"/> (or the tests' stand-in).</summary>
        private TrialEvaluator Evaluator(TrainingSet data, StratifiedFolds folds)
        {
            var crossValidation = CrossValidation.Create(data, folds, _settings.Metric, options => DeviceRequest.From(options.Device, _host));
            return EvaluatorOverride?.Invoke(crossValidation) ?? crossValidation.Evaluate;
        }

        /// <summary>Cross-validates the base options unchanged; null when stopped midway.</summary>
        private AnoOnlyTrialResult? RunDefaultTrial(AnoOnlyTrainer.Options baseOptions, int seed, TrialEvaluator evaluate, Stopwatch clock,
            CancellationToken stop)
        {
            AnoOnlyTrainer.Options options = OptionsCopy.Clone(baseOptions);
            options.Seed = seed;
            var parameters = new Dictionary<string, object> { [nameof(AnoOnlyTrainer.Options.Backbone)] = options.Backbone };
            return Evaluate(1, options, parameters, budget: 1, evaluate, clock, stop);
        }

        private AnoOnlyTrialResult? RunTrial(int trialId, TrialCandidate candidate, AnoOnlyTrainer.Options baseOptions, int seed,
            TrialEvaluator evaluate, Stopwatch clock, CancellationToken stop)
        {
            AnoOnlyTrainer.Options options = candidate.Configuration.Apply(baseOptions);
            options.Seed = seed; // the same seed for every trial: options are compared on the same initialisation and batches
            options.NumberOfEpochs = EpochsFor(options, candidate.Budget);
            return Evaluate(trialId, options, candidate.Configuration.ToDictionary(), candidate.Budget, evaluate, clock, stop);
        }

        private AnoOnlyTrialResult? Evaluate(int trialId, AnoOnlyTrainer.Options options, IReadOnlyDictionary<string, object> parameters,
            double budget, TrialEvaluator evaluate, Stopwatch clock, CancellationToken stop)
        {
            TimeSpan started = clock.Elapsed;
            double[] metrics = Array.Empty<double>();
            AnoOnlyTrialStatus status = AnoOnlyTrialStatus.Succeeded;
            string? error = null;
            try
            {
                metrics = evaluate(options, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (e is AnoOnlyTrainingException or AnoOnlyInputException or ArgumentException or InvalidOperationException)
            {
                status = AnoOnlyTrialStatus.Failed;
                error = e.Message;
            }
            return new AnoOnlyTrialResult(trialId, options, parameters, budget, _settings.Metric, metrics, started, clock.Elapsed - started,
                status, error);
        }

        /// <summary>The epochs of a trial: the configuration's (or the backbone's default), times the budget.</summary>
        private static int EpochsFor(AnoOnlyTrainer.Options options, double budget)
        {
            int full = options.NumberOfEpochs ?? (BackboneRegistry.ForOptions(options.Backbone) as BackboneDescriptor)?.Defaults.Epochs
                ?? BackboneRegistry.All.Max(b => b.Defaults.Epochs);
            return budget >= 1 ? full : Math.Max(Math.Min(full, MinimumEpochs), (int)Math.Round(full * budget));
        }

        private OptionsSearchSpace SearchSpace()
        {
            OptionsSearchSpace space = OptionsSearchSpace.ForTrainerOptions();
            return SearchSpaceOverride != null ? SearchSpaceOverride(space) : space;
        }

        private static AnoOnlyTrialResult PickBest(List<AnoOnlyTrialResult> trials, AnoOnlyTrialResult? baseline,
            AnoOnlyExperimentStopReason reason, CancellationToken cancellationToken)
        {
            var succeeded = trials.Where(t => t.Status == AnoOnlyTrialStatus.Succeeded).ToList();
            if (succeeded.Count == 0)
            {
                if (trials.Count == 0 && reason == AnoOnlyExperimentStopReason.Cancelled)
                    throw new OperationCanceledException(
                        "The AnoOnly experiment was cancelled before any trial finished, so there is no model to return.", cancellationToken);
                if (trials.Count == 0 && reason == AnoOnlyExperimentStopReason.MaxDuration)
                    throw new TimeoutException(
                        "MaxDuration passed before the first AnoOnly trial finished, so there is no model to return; raise MaxDuration.");
                throw new AnoOnlyTrainingException(
                    $"All {trials.Count} AnoOnly trials failed; the first error: {trials[0].Error}");
            }
            // Metrics of reduced-budget trials are not comparable with full ones: prefer the largest budget reached.
            double topBudget = succeeded.Max(t => t.Budget);
            var challengers = succeeded.Where(t => t.Budget == topBudget && t != baseline).ToList();
            AnoOnlyTrialResult best = Leaderboard.Ranked(challengers.DefaultIfEmpty(succeeded[0])).First();
            return baseline is { Status: AnoOnlyTrialStatus.Succeeded } && !ClearlyBetter(best, baseline, challengers.Count) ? baseline : best;
        }

        /// <summary>
        /// Whether <paramref name="challenger"/>, the best of <paramref name="challengers"/> trials, beats the default by more
        /// than chance on these folds. Its gains, fold by fold on the same folds, must average more than their own standard
        /// deviation σ (and at least <see cref="MinimumGain"/>): with a handful of labeled anomalies per fold, a higher mean
        /// alone is often noise. And more than the best of that many trials would gain by chance: were every trial only as
        /// good as the default, the largest of K mean gains over n folds would be near σ √(2 ln K) / √n (the expected
        /// maximum of K normal variables), so a sweep of 40 trials on 3 folds asks for about 1.6 σ. Without that, the
        /// more trials a sweep runs, the more surely its winner is a lucky draw.
        /// </summary>
        internal static bool ClearlyBetter(AnoOnlyTrialResult challenger, AnoOnlyTrialResult baseline, int challengers = 1)
        {
            if (challenger == baseline || challenger.Status != AnoOnlyTrialStatus.Succeeded || challenger.Budget < baseline.Budget
                || challenger.FoldMetrics.Count != baseline.FoldMetrics.Count || baseline.FoldMetrics.Count == 0)
                return false;
            double[] gains = challenger.FoldMetrics.Zip(baseline.FoldMetrics, (c, b) => c - b).ToArray();
            double mean = gains.Average();
            double spread = Math.Sqrt(gains.Sum(g => (g - mean) * (g - mean)) / Math.Max(1, gains.Length - 1));
            double luckiest = spread * Math.Sqrt(2 * Math.Log(Math.Max(1, challengers))) / Math.Sqrt(gains.Length);
            return mean > Math.Max(Math.Max(spread, luckiest), MinimumGain);
        }
    }
}
