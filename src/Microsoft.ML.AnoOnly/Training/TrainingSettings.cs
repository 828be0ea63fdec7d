using System;
using Microsoft.ML.AnoOnly.Backbones;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>A backbone's defaults for the settings the user may leave unset. <paramref name="BatchNormWithFullLoss"/>:
    /// the network keeps its BatchNorm under the full loss too (it is part of the backbone's architecture).</summary>
    internal sealed record BackboneDefaults(int Epochs, int BatchesPerEpoch, int BatchSize, double LearningRate,
        int MinimumLabeledAnomalies = 1, bool BatchNormWithFullLoss = false);

    /// <summary>
    /// A fit's options, checked, with the recipe they select, the fit's seed and its device. This is the one place
    /// options are checked: the trainer's constructor, the sweep and the command line all go through
    /// <see cref="Resolve"/>, so an unusable option fails before any data is read, with an
    /// <see cref="ArgumentException"/> whose <c>ParamName</c> is the option.
    /// </summary>
    internal sealed record FitSettings(AnoOnlyTrainer.Options Options, IModelRecipe Recipe, int Seed)
    {
        /// <summary>The device asked for: the options' <c>Device</c> and, when the fit has one, its MLContext's
        /// <c>GpuDeviceId</c> and <c>FallbackToCpu</c> (docs/devices.md).</summary>
        public DeviceRequest Device { get; init; } = new(Options.Device, GpuDeviceId: null, FallbackToCpu: false);

        /// <summary>How many of an ensemble's networks train side by side (<see cref="SideBySide"/>): on the CPU one per
        /// core, each on <c>NumberOfThreads</c> libtorch threads (1 by default); one at a time where a GPU may be used.
        /// Set, it wins (tests compare 1 with more). The trained model is the same either way.</summary>
        public int? ParallelNetworks { get; init; }

        /// <summary>The number of networks that train side by side: <see cref="ParallelNetworks"/> or the rule above.</summary>
        public int NetworksSideBySide => ParallelNetworks
            ?? (Device.MayUseGpu ? 1 : Math.Max(1, Environment.ProcessorCount / (Options.NumberOfThreads ?? 1)));

        /// <summary>Checks <paramref name="options"/> and finds the recipe they select.</summary>
        /// <param name="options">The user's options.</param>
        /// <param name="seed">The seed of this fit (the options' own, or one drawn from the MLContext).</param>
        public static FitSettings Resolve(AnoOnlyTrainer.Options options, int seed)
        {
            ArgumentNullException.ThrowIfNull(options);
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
            Require(options.NumberOfEpochs is null or >= 1, nameof(options.NumberOfEpochs), options.NumberOfEpochs,
                "NumberOfEpochs must be at least 1.");
            Require(options.BatchesPerEpoch is null or >= 1, nameof(options.BatchesPerEpoch), options.BatchesPerEpoch,
                "BatchesPerEpoch must be at least 1.");
            Require(options.BatchSize is null or >= 2, nameof(options.BatchSize), options.BatchSize,
                "BatchSize must be at least 2: each batch holds labeled anomalies and unlabeled rows.");
            Require(options.LearningRate is null || (options.LearningRate > 0 && !double.IsInfinity(options.LearningRate.Value)),
                nameof(options.LearningRate), options.LearningRate, "LearningRate must be a positive number.");
            return new FitSettings(options, BackboneRegistry.ForOptions(options.Backbone), seed);
        }

        /// <summary>
        /// The settings one network of the fit trains with: the options where set, else the backbone's defaults.
        /// <paramref name="epochShare"/> below 1 trains a shortened copy (the ensemble's weighing folds).
        /// </summary>
        public TrainingSettings ForNetwork(BackboneDescriptor backbone, AnoOnlyLoss loss, int seed, double epochShare = 1)
        {
            BackboneDefaults defaults = backbone.Defaults;
            int epochs = Options.NumberOfEpochs ?? defaults.Epochs;
            if (epochShare < 1)
                epochs = Math.Max(2, (int)Math.Round(epochs * epochShare));
            return new TrainingSettings(backbone, loss,
                Options.UseBatchNorm ?? (defaults.BatchNormWithFullLoss || loss == AnoOnlyLoss.AnomalyOnly),
                epochs, Options.BatchesPerEpoch ?? defaults.BatchesPerEpoch, Options.BatchSize ?? defaults.BatchSize,
                Options.LearningRate ?? defaults.LearningRate, seed)
            {
                Options = Options,
                Device = Device,
            };
        }

        private static void Require(bool condition, string option, object? value, string message)
        {
            if (!condition)
                throw new ArgumentOutOfRangeException(option, value, message);
        }
    }

    /// <summary>The settings of one network's training, every default resolved (<see cref="FitSettings.ForNetwork"/>).</summary>
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

        public required DeviceRequest Device { get; init; }

        /// <summary>The settings a single backbone's fit of <paramref name="options"/> trains with (tests and tools).</summary>
        public static TrainingSettings Resolve(AnoOnlyTrainer.Options options, int seed)
        {
            FitSettings fit = FitSettings.Resolve(options, seed);
            return fit.ForNetwork(fit.Recipe as BackboneDescriptor ?? throw new ArgumentException(
                $"{options.Backbone} is not a single backbone.", nameof(options)), options.Loss, seed);
        }
    }
}
