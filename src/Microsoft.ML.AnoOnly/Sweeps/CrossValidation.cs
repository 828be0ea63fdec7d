using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>Scores one set of options on held-out data: the fold metrics of a trial.</summary>
    internal delegate double[] TrialEvaluator(AnoOnlyTrainer.Options options, CancellationToken cancellationToken);

    /// <summary>
    /// Stratified K-fold cross-validation of <see cref="AnoOnlyTrainer"/> on the training rows held in memory.
    /// Each fold trains on the other folds and ranks its own rows: the metric treats the fold's labeled anomalies
    /// as positives and its unlabeled rows as negatives. Unlabeled rows include unknown anomalies, so the metric
    /// is biased low (an unlabeled anomaly ranked high counts as a false alarm); it serves to compare options, and
    /// is not an estimate of accuracy against the truth.
    /// </summary>
    internal sealed class CrossValidation
    {
        private const string FeatureColumn = "Features";
        private const string LabelColumn = "Label";

        private readonly IHostEnvironment _environment;
        private readonly Fold[] _folds;
        private readonly AnoOnlyMetric _metric;

        private CrossValidation(IHostEnvironment environment, Fold[] folds, AnoOnlyMetric metric)
        {
            _environment = environment;
            _folds = folds;
            _metric = metric;
        }

        public int FoldCount => _folds.Length;

        /// <param name="data">The training rows: labeled anomalies and unlabeled rows.</param>
        /// <param name="folds">Which fold each row belongs to.</param>
        /// <param name="metric">The metric of the held-out rows.</param>
        /// <param name="seed">Seed of the quiet environment the fold models train in.</param>
        public static CrossValidation Create(TrainingSet data, StratifiedFolds folds, AnoOnlyMetric metric, int seed)
        {
            // Fold fits log to their own context: per-epoch lines of every fold of every trial would drown the
            // user's log, which gets one line per trial instead.
            var context = new MLContext(seed);
            var result = new Fold[folds.Count];
            for (int k = 0; k < folds.Count; k++)
            {
                var trainRows = new List<float[]>();
                var trainLabels = new List<bool>();
                var heldOutRows = new List<float[]>();
                var heldOutLabels = new List<bool>();
                Split(data.Anomalies, folds.AnomalyFold, k, true, trainRows, trainLabels, heldOutRows, heldOutLabels);
                Split(data.Unlabeled, folds.UnlabeledFold, k, false, trainRows, trainLabels, heldOutRows, heldOutLabels);
                IDataView train = new LabeledDataset(trainRows.ToArray(), trainLabels.ToArray()).ToDataView(context);
                result[k] = new Fold(train, heldOutRows.ToArray(), heldOutLabels.ToArray());
            }
            return new CrossValidation(context, result, metric);
        }

        /// <summary>Trains on each fold's complement and returns the held-out metric of each fold.</summary>
        public double[] Evaluate(AnoOnlyTrainer.Options options, CancellationToken cancellationToken)
        {
            AnoOnlyTrainer.Options foldOptions = OptionsCopy.Clone(options);
            foldOptions.FeatureColumnName = FeatureColumn;
            foldOptions.LabelColumnName = LabelColumn;
            foldOptions.CancellationToken = cancellationToken;
            var metrics = new double[_folds.Length];
            for (int k = 0; k < _folds.Length; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Fold fold = _folds[k];
                var trainer = new AnoOnlyTrainer(_environment, foldOptions);
                (IBackboneModel model, ModelState state) = trainer.Train(fold.Train, cancellationToken);
                model.Dispose();
                IAnomalyScorer scorer = ScorerFactory.Create(state);
                var scores = new float[fold.Rows.Length];
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] = scorer.Score(fold.Rows[i]);
                    if (!float.IsFinite(scores[i]))
                        throw new AnoOnlyTrainingException(
                            $"AnoOnly {options.Backbone} produced a non-finite score on held-out row {i} of fold {k + 1}.");
                }
                metrics[k] = _metric == AnoOnlyMetric.AreaUnderPrCurve
                    ? AnomalyMetrics.AveragePrecision(scores, fold.Labels)
                    : AnomalyMetrics.AreaUnderRocCurve(scores, fold.Labels);
            }
            return metrics;
        }

        private static void Split(RowBuffer rows, int[] foldOf, int heldOutFold, bool label,
            List<float[]> trainRows, List<bool> trainLabels, List<float[]> heldOutRows, List<bool> heldOutLabels)
        {
            for (int i = 0; i < rows.Count; i++)
            {
                float[] row = rows.Row(i).ToArray();
                if (foldOf[i] == heldOutFold)
                {
                    heldOutRows.Add(row);
                    heldOutLabels.Add(label);
                }
                else
                {
                    trainRows.Add(row);
                    trainLabels.Add(label);
                }
            }
        }

        private sealed record Fold(IDataView Train, float[][] Rows, bool[] Labels);
    }
}
