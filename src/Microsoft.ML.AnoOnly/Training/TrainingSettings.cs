using System;
using Microsoft.ML.AnoOnly.Backbones;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>A backbone's defaults for the settings the user may leave unset. <paramref name="BatchNormWithFullLoss"/>:
    /// the network keeps its BatchNorm under the full loss too (it is part of the backbone's architecture).</summary>
    internal sealed record BackboneDefaults(int Epochs, int BatchesPerEpoch, int BatchSize, double LearningRate,
        int MinimumLabeledAnomalies = 1, bool BatchNormWithFullLoss = false);

    /// <summary>
    /// The options of one fit with every default resolved, and the one place options are checked: the trainer's
    /// constructor, the sweep and the command line all go through <see cref="Resolve"/>, so an unusable option
    /// fails before any data is read, with an <see cref="ArgumentException"/> whose <c>ParamName</c> is the option.
    /// </summary>
    internal sealed record TrainingSettings(
        BackboneDescriptor Backbone,
        AnoOnlyLoss Loss,
        bool UseBatchNorm,
        int Epochs,
        int BatchesPerEpoch,
        int BatchSize,
        double LearningRate,
        int Seed)
    {
        /// <summary>The options as the user gave them, for settings particular to one backbone
        /// (<see cref="AnoOnlyTrainer.Options.FeaWadResidualLoss"/>).</summary>
        public required AnoOnlyTrainer.Options Options { get; init; }

        /// <summary>The device asked for: the options' <c>Device</c> and, when the fit has one, its MLContext's
        /// <c>GpuDeviceId</c> and <c>FallbackToCpu</c> (docs/devices.md).</summary>
        public DeviceRequest Device { get; init; }

        /// <summary>Checks <paramref name="options"/> and resolves the backbone's defaults.</summary>
        /// <param name="options">The user's options.</param>
        /// <param name="seed">The seed of this fit (the options' own, or one drawn from the MLContext).</param>
        public static TrainingSettings Resolve(AnoOnlyTrainer.Options options, int seed)
        {
            if (options is null)
                throw new ArgumentNullException(nameof(options));
            if (string.IsNullOrEmpty(options.FeatureColumnName))
                throw new ArgumentException("FeatureColumnName must name a column.", nameof(options.FeatureColumnName));
            if (string.IsNullOrEmpty(options.LabelColumnName))
                throw new ArgumentException("LabelColumnName must name a column.", nameof(options.LabelColumnName));
            Require(options.Contamination > 0 && options.Contamination <= 0.5, nameof(options.Contamination), options.Contamination,
                "Contamination must lie in (0, 0.5].");
            Require(options.NumberOfThreads is null or >= 1, nameof(options.NumberOfThreads), options.NumberOfThreads,
                "NumberOfThreads must be at least 1.");
            Require(options.MaxUnlabeledRows >= 1, nameof(options.MaxUnlabeledRows), options.MaxUnlabeledRows,
                "MaxUnlabeledRows must be at least 1.");
            Require(Enum.IsDefined(options.Loss), nameof(options.Loss), options.Loss, "Unknown Loss.");
            Require(options.Device is null || Enum.IsDefined(options.Device.Value), nameof(options.Device), options.Device, "Unknown Device.");
            Require(Enum.IsDefined(options.FeaWadResidualLoss), nameof(options.FeaWadResidualLoss), options.FeaWadResidualLoss,
                "Unknown FeaWadResidualLoss.");
            BackboneDescriptor backbone = BackboneRegistry.ForOptions(options.Backbone);
            BackboneDefaults defaults = backbone.Defaults;

            int epochs = options.NumberOfEpochs ?? defaults.Epochs;
            Require(epochs >= 1, nameof(options.NumberOfEpochs), epochs, "NumberOfEpochs must be at least 1.");
            int batches = options.BatchesPerEpoch ?? defaults.BatchesPerEpoch;
            Require(batches >= 1, nameof(options.BatchesPerEpoch), batches, "BatchesPerEpoch must be at least 1.");
            int batchSize = options.BatchSize ?? defaults.BatchSize;
            Require(batchSize >= 2, nameof(options.BatchSize), batchSize,
                "BatchSize must be at least 2: each batch holds labeled anomalies and unlabeled rows.");
            double learningRate = options.LearningRate ?? defaults.LearningRate;
            Require(learningRate > 0 && !double.IsInfinity(learningRate), nameof(options.LearningRate), learningRate,
                "LearningRate must be a positive number.");
            return new TrainingSettings(backbone, options.Loss,
                options.UseBatchNorm ?? (defaults.BatchNormWithFullLoss || options.Loss == AnoOnlyLoss.AnomalyOnly),
                epochs, batches, batchSize, learningRate, seed)
            {
                Options = options,
                Device = new DeviceRequest(options.Device, GpuDeviceId: null, FallbackToCpu: false),
            };
        }

        private static void Require(bool condition, string option, object? value, string message)
        {
            if (!condition)
                throw new ArgumentOutOfRangeException(option, value, message);
        }
    }
}
