using System;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
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
            // Every option is checked here, before any data is read (the seed does not matter to the checks).
            FitSettings.Resolve(options, seed: 0);
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
            ArgumentNullException.ThrowIfNull(input);
            var columns = TrainingColumns.Resolve(input.Schema, _options.FeatureColumnName, _options.LabelColumnName,
                _options.ConfirmedNormalColumnName);
            FitSettings settings = FitSettings.Resolve(_options, _options.Seed ?? _host.Rand.Next()) with
            {
                Device = DeviceRequest.From(_options.Device, _host),
            };
            using IChannel channel = _host.Start("Training");
            TrainingSet data = TrainingSet.Load(input, columns, _options.MaxUnlabeledRows, new Random(settings.Seed), cancellationToken);
            channel.Info(MessageSensitivity.None,
                $"AnoOnly: {data.RowsRead} rows read, {data.Anomalies.Count} labeled anomalies, " +
                (columns.ConfirmedNormal is null ? "" : $"{data.ConfirmedNormals.Count} confirmed normals, ") +
                $"{data.Unlabeled.Count} unlabeled rows kept " +
                $"({data.FeatureCount} features); {settings.Recipe.Name}, {_options.Loss} loss, seed {settings.Seed}.");
            ModelState state = TrainingRun.Train(data, settings, columns.Label.Name, new TrainingReporter(channel, _options.Progress),
                cancellationToken);
            return new AnoOnlyTransformer(state, input.Schema);
        }

        /// <summary>Checks the input's columns and returns its shape with <c>Score</c> and <c>PredictedLabel</c> added.</summary>
        /// <param name="inputSchema">The shape of the training data.</param>
        /// <returns>The shape of the data the trained model produces.</returns>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            TrainingColumns.Check(inputSchema, _options.FeatureColumnName, _options.LabelColumnName, _options.ConfirmedNormalColumnName);
            return new MLContext().Transforms
                .CustomMapping<AnoOnlyStateKeyInput, AnoOnlyScoreOutput>((_, _) => { }, contractName: null)
                .GetOutputSchema(inputSchema);
        }
    }
}
