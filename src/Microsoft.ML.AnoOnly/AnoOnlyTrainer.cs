using System;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Trains a semi-supervised anomaly detector with the AnoOnly method (arXiv 2305.18798): the loss is
    /// computed on the few labeled anomalies only, while BatchNorm over mixed batches of labeled anomalies
    /// and unlabeled rows supervises the (mostly normal) unlabeled data weakly. Create it with
    /// <see cref="AnoOnlyCatalog.AnoOnly(AnomalyDetectionCatalog.AnomalyDetectionTrainers, string, string, AnoOnlyBackbone, int?)"/>.
    /// </summary>
    /// <remarks>
    /// The input is a known-size <see cref="float"/> vector column of features (scale it, for example with
    /// <c>NormalizeMinMax</c>) and a label column marking the known anomalies. The fitted
    /// <see cref="AnoOnlyTransformer"/> adds <c>Score</c> (<see cref="float"/>, higher = more anomalous) and
    /// <c>PredictedLabel</c> (<see cref="bool"/>), the columns <c>AnomalyDetection.Evaluate</c> reads.
    /// </remarks>
    public sealed partial class AnoOnlyTrainer : IEstimator<AnoOnlyTransformer>
    {
        private readonly IHost _host;
        private readonly Options _options;

        internal AnoOnlyTrainer(IHostEnvironment environment, Options options)
        {
            _host = (environment ?? throw new ArgumentNullException(nameof(environment))).Register(nameof(AnoOnlyTrainer));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (string.IsNullOrEmpty(options.FeatureColumnName))
                throw new ArgumentException("FeatureColumnName must name a column.", nameof(options));
            if (string.IsNullOrEmpty(options.LabelColumnName))
                throw new ArgumentException("LabelColumnName must name a column.", nameof(options));
            if (!(options.Contamination > 0 && options.Contamination <= 0.5))
                throw new ArgumentOutOfRangeException(nameof(options), options.Contamination, "Contamination must lie in (0, 0.5].");
            if (options.NumberOfThreads is < 1)
                throw new ArgumentOutOfRangeException(nameof(options), options.NumberOfThreads, "NumberOfThreads must be at least 1.");
            if (options.MaxUnlabeledRows < 1)
                throw new ArgumentOutOfRangeException(nameof(options), options.MaxUnlabeledRows, "MaxUnlabeledRows must be at least 1.");
            // Unknown backbones fail here, before any data is read.
            BackboneModels.DefaultsOf(options.Backbone);
        }

        /// <summary>Trains a model on <paramref name="input"/>.</summary>
        /// <param name="input">Rows with the feature and label columns named in the options.</param>
        /// <returns>The trained model.</returns>
        public AnoOnlyTransformer Fit(IDataView input) => Fit(input, _options.CancellationToken);

        /// <summary>Trains a model on <paramref name="input"/>, stopping when <paramref name="cancellationToken"/>
        /// is cancelled (checked between batches; throws <see cref="OperationCanceledException"/>).</summary>
        /// <param name="input">Rows with the feature and label columns named in the options.</param>
        /// <param name="cancellationToken">Stops training.</param>
        /// <returns>The trained model.</returns>
        public AnoOnlyTransformer Fit(IDataView input, CancellationToken cancellationToken)
        {
            if (input is null)
                throw new ArgumentNullException(nameof(input));
            (IBackboneModel model, ModelState state) = Train(input, cancellationToken);
            model.Dispose();
            return new AnoOnlyTransformer(state, input.Schema);
        }

        /// <summary>Trains and returns the TorchSharp model too (tests compare it with the managed scorer).</summary>
        internal (IBackboneModel Model, ModelState State) Train(IDataView input, CancellationToken cancellationToken)
        {
            var columns = TrainingColumns.Resolve(input.Schema, _options.FeatureColumnName, _options.LabelColumnName);
            BackboneDefaults defaults = BackboneModels.DefaultsOf(_options.Backbone);
            int seed = _options.Seed ?? _host.Rand.Next();
            TrainingSettings settings = TrainingSettings.Resolve(_options, defaults, seed);
            var random = new Random(seed);

            using IChannel channel = _host.Start("Training");
            TrainingSet data = TrainingSet.Load(input, columns, _options.MaxUnlabeledRows, random, cancellationToken);
            CheckLabels(data, defaults, columns);
            channel.Info(MessageSensitivity.None,
                $"AnoOnly: {data.RowsRead} rows read, {data.Anomalies.Count} labeled anomalies, {data.Unlabeled.Count} unlabeled rows kept " +
                $"({data.FeatureCount} features); {settings.Backbone}, {settings.Loss} loss, seed {seed}.");

            var device = TorchRuntime.Resolve(DeviceRequest.From(_options.Device, _host), _options.NumberOfThreads ?? 1, channel);
            IBackboneModel model = BackboneModels.Create(settings, data.FeatureCount, device, random);
            try
            {
                TrainingLoop.Run(model.Stages(new BatchSampler(data, device)), random, channel, cancellationToken,
                    DivergenceAdvice.For(settings, defaults, data));
                ModelState state = model.Export(_options.FeatureColumnName);
                float threshold = ThresholdRule.FromTrainingScores(ScorerFactory.Create(state), data, _options.Contamination);
                if (!float.IsFinite(threshold))
                    throw new AnoOnlyTrainingException(
                        $"AnoOnly {settings.Backbone} training produced non-finite scores on the training rows; lower the learning rate " +
                        "or scale the features.");
                return (model, state.WithThreshold(threshold));
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        private static void CheckLabels(TrainingSet data, BackboneDefaults defaults, TrainingColumns columns)
        {
            string label = columns.Label.Name;
            if (data.RowsRead == 0)
                throw new AnoOnlyInputException("The training data has no rows.", columns.Features.Name);
            if (data.Anomalies.Count < defaults.MinimumLabeledAnomalies)
                throw new AnoOnlyInputException(defaults.MinimumLabeledAnomalies == 1
                    ? $"No row of the training data is labeled as an anomaly in column '{label}'. AnoOnly learns from a few " +
                      "known anomalies: mark them with true (Boolean label) or a value above 0 (Single label)."
                    : $"The training data has {data.Anomalies.Count} labeled anomalies in column '{label}'; this backbone needs at " +
                      $"least {defaults.MinimumLabeledAnomalies}.", label);
            if (data.Unlabeled.Count == 0)
                throw new AnoOnlyInputException(
                    $"Every row of the training data is labeled as an anomaly in column '{label}'. AnoOnly also needs unlabeled " +
                    "(mostly normal) rows: label them false or 0.", label);
        }

        /// <summary>Checks the input's columns and returns its shape with <c>Score</c> and <c>PredictedLabel</c> added.</summary>
        /// <param name="inputSchema">The shape of the training data.</param>
        /// <returns>The shape of the data the trained model produces.</returns>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            if (!TryFind(inputSchema, _options.FeatureColumnName, out SchemaShape.Column features))
                throw new AnoOnlyInputException($"The input has no feature column '{_options.FeatureColumnName}'.", _options.FeatureColumnName);
            if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
                throw new AnoOnlyInputException(
                    $"Feature column '{_options.FeatureColumnName}' must be a known-size vector of Single.", _options.FeatureColumnName);
            if (!TryFind(inputSchema, _options.LabelColumnName, out SchemaShape.Column label))
                throw new AnoOnlyInputException($"The input has no label column '{_options.LabelColumnName}'.", _options.LabelColumnName);
            if (label.Kind != SchemaShape.Column.VectorKind.Scalar
                || (label.ItemType is not BooleanDataViewType && label.ItemType != NumberDataViewType.Single))
                throw new AnoOnlyInputException(
                    $"Label column '{_options.LabelColumnName}' must be Boolean or Single.", _options.LabelColumnName);
            return new MLContext().Transforms
                .CustomMapping<AnoOnlyStateKeyInput, AnoOnlyScoreOutput>((_, _) => { }, contractName: null)
                .GetOutputSchema(inputSchema);
        }
    

        private static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
        {
            foreach (SchemaShape.Column candidate in shape)
            {
                if (candidate.Name == name)
                {
                    column = candidate;
                    return true;
                }
            }
            column = default;
            return false;
        }
    }
}
