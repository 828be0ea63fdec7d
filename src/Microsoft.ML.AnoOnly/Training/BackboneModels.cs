using System;
using Microsoft.ML.AnoOnly.Backbones.DeepSad;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Backbones.FeaWad;
using Microsoft.ML.AnoOnly.Backbones.PReNet;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>The backbones the trainer can build, with their defaults.</summary>
    internal static class BackboneModels
    {
        public static BackboneDefaults DefaultsOf(AnoOnlyBackbone backbone) => backbone switch
        {
            AnoOnlyBackbone.DevNet => DevNetModel.Defaults,
            AnoOnlyBackbone.DeepSad => DeepSadModel.Defaults,
            AnoOnlyBackbone.PReNet => PReNetModel.Defaults,
            AnoOnlyBackbone.FeaWad => FeaWadModel.Defaults,
            _ => throw NotYet(backbone),
        };

        public static IBackboneModel Create(TrainingSettings settings, int featureCount, Device device, Random random) => settings.Backbone switch
        {
            AnoOnlyBackbone.DevNet => new DevNetModel(settings, featureCount, device, random),
            AnoOnlyBackbone.DeepSad => new DeepSadModel(settings, featureCount, device, random),
            AnoOnlyBackbone.PReNet => new PReNetModel(settings, featureCount, device, random),
            AnoOnlyBackbone.FeaWad => new FeaWadModel(settings, featureCount, device, random),
            _ => throw NotYet(settings.Backbone),
        };

        private static NotSupportedException NotYet(AnoOnlyBackbone backbone)
            => new($"The {backbone} backbone is not available in this version of Microsoft.ML.AnoOnly; use AnoOnlyBackbone.DevNet.");
    }
}
