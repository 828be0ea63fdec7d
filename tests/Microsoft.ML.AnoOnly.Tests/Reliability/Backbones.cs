using System.Linq;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Every backbone of the library (<see cref="AnoOnlyBackboneInfo.All"/>), with tiny training settings, so each
    /// reliability test covers a backbone as soon as the library lists it.
    /// </summary>
    internal static class Backbones
    {
        public static AnoOnlyBackbone[] All { get; } = AnoOnlyBackboneInfo.All.Select(info => info.Backbone).ToArray();

        /// <summary>A few batches of a few rows: enough to exercise every path of training in milliseconds.</summary>
        public static AnoOnlyTrainer.Options Tiny(AnoOnlyBackbone backbone, int seed = 1) => new()
        {
            Backbone = backbone,
            Seed = seed,
            NumberOfEpochs = 2,
            BatchesPerEpoch = 3,
            BatchSize = 16,
        };

        public static AnoOnlyTrainer Trainer(MLContext ml, AnoOnlyTrainer.Options options)
            => ml.AnomalyDetection.Trainers.AnoOnly(options);

        public static AnoOnlyTransformer Fit(MLContext ml, AnoOnlyTrainer.Options options, IDataView data)
            => Trainer(ml, options).Fit(data);
    }
}
