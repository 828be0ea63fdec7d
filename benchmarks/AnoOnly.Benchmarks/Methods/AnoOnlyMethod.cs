using System;
using System.Collections.Generic;
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

        /// <summary>
        /// Every backbone of <see cref="AnoOnlyBackbone"/>, each with both losses, that this build of the
        /// library can train. A backbone whose trainer throws <see cref="NotSupportedException"/> is left out
        /// with a note, so backbones added to the library later join the benchmark with no change here.
        /// </summary>
        public static IReadOnlyList<AnoOnlyMethod> Discover(MLContext mlContext, ICollection<string> notes)
        {
            var methods = new List<AnoOnlyMethod>();
            foreach (AnoOnlyBackbone backbone in Enum.GetValues<AnoOnlyBackbone>())
            {
                try
                {
                    // The trainer checks its backbone when it is created, before reading any data.
                    mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { Backbone = backbone });
                }
                catch (NotSupportedException e)
                {
                    notes.Add($"{BackboneVariant.NameOf(backbone)} skipped: {e.Message}");
                    continue;
                }
                methods.Add(new AnoOnlyMethod(new BackboneVariant(backbone, AnoOnlyLoss.Full)));
                methods.Add(new AnoOnlyMethod(new BackboneVariant(backbone, AnoOnlyLoss.AnomalyOnly)));
            }
            return methods;
        }
    }
}
