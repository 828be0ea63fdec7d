using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>An AnoOnly backbone trained with the AnoOnly loss or with its original full loss, with the
    /// library's defaults (the reference settings) unless the run is a quick one.</summary>
    internal sealed class AnoOnlyMethod : IBenchmarkMethod
    {
        /// <summary>Training budget of a quick (smoke) run: enough to exercise every code path.</summary>
        private const int QuickEpochs = 5, QuickBatches = 5;

        public AnoOnlyMethod(BackboneVariant variant) => Variant = variant;

        public BackboneVariant Variant { get; }

        BackboneVariant? IBenchmarkMethod.Variant => Variant;

        public string Name => $"{Variant.BackboneName}-{Variant.LossName}";

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
            => mlContext.AnomalyDetection.Trainers.AnoOnly(Options(context)).Fit(train);

        private AnoOnlyTrainer.Options Options(FitContext context)
        {
            var options = new AnoOnlyTrainer.Options
            {
                Backbone = Variant.Backbone,
                Loss = Variant.Loss,
                Seed = context.Seed,
                NumberOfEpochs = context.Quick ? QuickEpochs : null,
                BatchesPerEpoch = context.Quick ? QuickBatches : null,
            };
            if (context.MaxUnlabeledRows is int max)
                options.MaxUnlabeledRows = max;
            return options;
        }

        /// <summary>Every single backbone of the library (<see cref="AnoOnlyBackboneInfo.All"/>), each with both losses, so
        /// a backbone added to the library joins the benchmark with no change here. The ensemble is
        /// <see cref="DefaultMethod"/>.</summary>
        public static IReadOnlyList<AnoOnlyMethod> ForEveryBackbone()
            => AnoOnlyBackboneInfo.All.Where(info => info.IsSingleNetwork)
                .SelectMany(info => new[] { AnoOnlyLoss.Full, AnoOnlyLoss.AnomalyOnly }
                    .Select(loss => new AnoOnlyMethod(new BackboneVariant(info.Backbone, loss))))
                .ToArray();
    }
}
