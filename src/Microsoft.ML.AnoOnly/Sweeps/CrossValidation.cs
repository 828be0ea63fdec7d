using System;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>Scores one set of options on held-out data: the fold metrics of a trial.</summary>
    internal delegate double[] TrialEvaluator(AnoOnlyTrainer.Options options, CancellationToken cancellationToken);

    /// <summary>
    /// Stratified K-fold cross-validation of <see cref="AnoOnlyTrainer"/> on the training rows held in memory.
    /// Each fold trains (through the same <see cref="TrainingRun"/> as a fit) on the other folds and ranks its own
    /// rows: the metric treats the fold's labeled anomalies as positives and its unlabeled rows as negatives.
    /// Unlabeled rows include unknown anomalies, so the metric is biased low (an unlabeled anomaly ranked high
    /// counts as a false alarm); it serves to compare options, and is not an estimate of accuracy against the truth.
    /// Fold fits do not log: per-epoch lines of every fold of every trial would drown the user's log, which gets
    /// one line per trial instead.
    /// </summary>
    internal sealed class CrossValidation
    {
        private readonly Fold[] _folds;
        private readonly AnoOnlyMetric _metric;
        private readonly Func<AnoOnlyTrainer.Options, DeviceRequest> _device;

        private CrossValidation(Fold[] folds, AnoOnlyMetric metric, Func<AnoOnlyTrainer.Options, DeviceRequest> device)
        {
            _folds = folds;
            _metric = metric;
            _device = device;
        }

        public int FoldCount => _folds.Length;

        /// <param name="data">The training rows: labeled anomalies and unlabeled rows.</param>
        /// <param name="folds">Which fold each row belongs to.</param>
        /// <param name="metric">The metric of the held-out rows.</param>
        /// <param name="device">The device a trial's options ask for (with the experiment's MLContext settings).</param>
        public static CrossValidation Create(TrainingSet data, StratifiedFolds folds, AnoOnlyMetric metric,
            Func<AnoOnlyTrainer.Options, DeviceRequest> device)
        {
            var result = new Fold[folds.Count];
            for (int k = 0; k < folds.Count; k++)
            {
                (TrainingSet train, TrainingSet heldOut) = folds.Split(data, k);
                result[k] = new Fold(train, heldOut);
            }
            return new CrossValidation(result, metric, device);
        }

        /// <summary>Trains on each fold's complement and returns the held-out metric of each fold.</summary>
        /// <param name="options">The trial's options; its <c>Seed</c> must be set.</param>
        /// <param name="cancellationToken">Stops training between batches.</param>
        public double[] Evaluate(AnoOnlyTrainer.Options options, CancellationToken cancellationToken)
        {
            FitSettings fit = FitSettings.Resolve(options,
                options.Seed ?? throw new ArgumentException("A trial's options carry its seed.", nameof(options))) with
            {
                Device = _device(options),
            };
            var metrics = new double[_folds.Length];
            for (int k = 0; k < _folds.Length; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Fold fold = _folds[k];
                ModelState state = TrainingRun.Train(fold.Train, fit, options.LabelColumnName, TrainingReporter.Silent, cancellationToken);
                float[] scores = fold.HeldOut.ScoreAll(new ModelScorer(state));
                if (!scores.All(float.IsFinite))
                    throw new AnoOnlyTrainingException($"AnoOnly {options.Backbone} produced a non-finite score on a held-out row of fold {k + 1}.");
                metrics[k] = _metric == AnoOnlyMetric.AreaUnderPrCurve
                    ? AnomalyMetrics.AveragePrecision(scores, fold.HeldOutIsAnomaly)
                    : AnomalyMetrics.AreaUnderRocCurve(scores, fold.HeldOutIsAnomaly);
            }
            return metrics;
        }

        /// <summary>A fold: the rows it trains on and the rows it is scored on (labeled anomalies first).</summary>
        private sealed record Fold(TrainingSet Train, TrainingSet HeldOut)
        {
            public bool[] HeldOutIsAnomaly { get; } = HeldOut.IsAnomalyByRow();
        }
    }
}
