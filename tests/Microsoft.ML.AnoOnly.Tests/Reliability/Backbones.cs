using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Every backbone of <see cref="AnoOnlyBackbone"/>, with tiny training settings. A backbone this build does
    /// not provide yet (its trainer throws <see cref="NotSupportedException"/>) makes the test inconclusive
    /// instead of failing, so each test covers a backbone as soon as it is added.
    /// </summary>
    internal static class Backbones
    {
        public static IEnumerable<AnoOnlyBackbone> All => Enum.GetValues<AnoOnlyBackbone>();

        /// <summary>The backbones this build can train (the trainer does not throw <see cref="NotSupportedException"/>).</summary>
        public static AnoOnlyBackbone[] Available => All.Where(backbone =>
        {
            try
            {
                new MLContext().AnomalyDetection.Trainers.AnoOnly(Tiny(backbone));
                return true;
            }
            catch (NotSupportedException)
            {
                return false;
            }
        }).ToArray();

        /// <summary>A few batches of a few rows: enough to exercise every path of training in milliseconds.</summary>
        public static AnoOnlyTrainer.Options Tiny(AnoOnlyBackbone backbone, int seed = 1) => new()
        {
            Backbone = backbone,
            Seed = seed,
            NumberOfEpochs = 2,
            BatchesPerEpoch = 3,
            BatchSize = 16,
        };

        /// <summary>The trainer, or an inconclusive test when the backbone is not available.</summary>
        public static AnoOnlyTrainer Trainer(MLContext ml, AnoOnlyTrainer.Options options)
        {
            try
            {
                return ml.AnomalyDetection.Trainers.AnoOnly(options);
            }
            catch (NotSupportedException e)
            {
                Assert.Inconclusive($"{options.Backbone} is not available in this build: {e.Message}");
                throw;
            }
        }

        /// <summary>Fits, turning "not available" into an inconclusive test.</summary>
        public static AnoOnlyTransformer Fit(MLContext ml, AnoOnlyTrainer.Options options, IDataView data)
        {
            AnoOnlyTrainer trainer = Trainer(ml, options);
            try
            {
                return trainer.Fit(data);
            }
            catch (NotSupportedException e)
            {
                Assert.Inconclusive($"{options.Backbone} with these options is not available in this build: {e.Message}");
                throw;
            }
        }
    }
}
