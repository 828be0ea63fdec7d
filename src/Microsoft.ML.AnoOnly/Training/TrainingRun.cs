using System;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// The training core on rows already loaded: checks the labels, trains the backbone's network through
    /// <see cref="TrainingLoop"/>, exports it for the managed scorer and sets the default threshold. Both
    /// <see cref="AnoOnlyTrainer.Fit(IDataView)"/> and the sweep's cross-validation train through here.
    /// </summary>
    internal static class TrainingRun
    {
        /// <param name="data">The training rows.</param>
        /// <param name="settings">The resolved options.</param>
        /// <param name="labelColumnName">The user's label column, for messages.</param>
        /// <param name="reporter">Receives each finished epoch and any note.</param>
        /// <param name="cancellation">Stops training between batches.</param>
        public static ModelState Train(TrainingSet data, TrainingSettings settings, string labelColumnName,
            TrainingReporter reporter, CancellationToken cancellation)
        {
            using IBackboneModel model = TrainNetwork(data, settings, labelColumnName, reporter, cancellation);
            AnoOnlyTrainer.Options options = settings.Options;
            var state = new ModelState(options.FeatureColumnName, data.FeatureCount, 0f, new[] { model.Export() }, data.UnlabeledMean());
            float threshold = ThresholdRule.FromTrainingScores(new ModelScorer(state), data, options.Contamination);
            if (!float.IsFinite(threshold))
                throw new AnoOnlyTrainingException(
                    $"AnoOnly {settings.Backbone.Name} training produced non-finite scores on the training rows; lower the learning " +
                    "rate or scale the features.");
            return state.WithThreshold(threshold);
        }

        /// <summary>The trained TorchSharp network, before export (tests compare it with the managed scorer).</summary>
        public static IBackboneModel TrainNetwork(TrainingSet data, TrainingSettings settings, string labelColumnName,
            TrainingReporter reporter, CancellationToken cancellation)
        {
            CheckLabels(data, settings, labelColumnName);
            var device = TorchRuntime.Resolve(settings.Device, settings.Options.NumberOfThreads ?? 1, reporter);
            var random = new Random(settings.Seed);
            IBackboneModel model = settings.Backbone.CreateModel(settings, data.FeatureCount, device, random);
            try
            {
                TrainingLoop.Run(model.Stages(new BatchSampler(data, device)), settings.Loss, random, reporter.Epoch, cancellation,
                    DivergenceAdvice.For(settings, data));
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        private static void CheckLabels(TrainingSet data, TrainingSettings settings, string label)
        {
            int minimum = settings.Backbone.Defaults.MinimumLabeledAnomalies;
            if (data.RowsRead == 0)
                throw new AnoOnlyInputException("The training data has no rows.", settings.Options.FeatureColumnName);
            if (data.Anomalies.Count < minimum)
                throw new AnoOnlyInputException(minimum == 1
                    ? $"No row of the training data is labeled as an anomaly in column '{label}'. AnoOnly learns from a few " +
                      "known anomalies: mark them with true (Boolean label) or a value above 0 (Single label)."
                    : $"The training data has {data.Anomalies.Count} labeled anomalies in column '{label}'; {settings.Backbone.Name} " +
                      $"needs at least {minimum}.", label);
            if (data.Unlabeled.Count == 0)
                throw new AnoOnlyInputException(
                    $"Every row of the training data is labeled as an anomaly in column '{label}'. AnoOnly also needs unlabeled " +
                    "(mostly normal) rows: label them false or 0.", label);
        }
    }
}
