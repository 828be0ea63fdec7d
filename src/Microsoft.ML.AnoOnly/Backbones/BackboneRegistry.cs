using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones.DeepSad;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Backbones.Ensemble;
using Microsoft.ML.AnoOnly.Backbones.FeaWad;
using Microsoft.ML.AnoOnly.Backbones.Neighbors;
using Microsoft.ML.AnoOnly.Backbones.PReNet;
using Microsoft.ML.AnoOnly.Backbones.Trees;

namespace Microsoft.ML.AnoOnly.Backbones
{
    /// <summary>
    /// The backbones this library trains and scores: the one list the rest of the library reads. Adding a
    /// backbone is a folder with its descriptor and one line here.
    /// </summary>
    internal static class BackboneRegistry
    {
        private static readonly object Gate = new();

        private static BackboneDescriptor[] _networks =
        {
            new DevNetBackbone(),
            new DeepSadBackbone(),
            new PReNetBackbone(),
            new FeaWadBackbone(),
        };

        /// <summary>Members that are not backbones: the options cannot select them, the ensemble adds them.</summary>
        private static readonly MemberDescriptor[] Detectors = { NeighborDistanceMember.Instance, BoostedTreesMember.Instance };

        private static readonly IModelRecipe Ensemble = new EnsembleRecipe();

        /// <summary>The network backbones (each also selectable on its own).</summary>
        public static IReadOnlyList<BackboneDescriptor> All => _networks;

        /// <summary>What <see cref="AnoOnlyTrainer.Options.Backbone"/> can select: every backbone, then the ensemble.</summary>
        public static IReadOnlyList<IModelRecipe> Selectable => _networks.Cast<IModelRecipe>().Append(Ensemble).ToArray();

        /// <summary>The registered network of type <typeparamref name="T"/> (the ensemble names its members so).</summary>
        public static T Network<T>() where T : BackboneDescriptor => _networks.OfType<T>().Single();

        /// <summary>The descriptor of <paramref name="backbone"/>, or null when none is registered.</summary>
        public static BackboneDescriptor? Find(AnoOnlyBackbone backbone) => Array.Find(_networks, d => d.Id == backbone);

        /// <summary>The recipe <see cref="AnoOnlyTrainer.Options.Backbone"/> selects.</summary>
        public static IModelRecipe ForOptions(AnoOnlyBackbone backbone)
            => Selectable.FirstOrDefault(r => r.Id == backbone) ?? throw new ArgumentOutOfRangeException(nameof(AnoOnlyTrainer.Options.Backbone), backbone,
                $"Options.Backbone {(int)backbone} is not a backbone of this library; the backbones are {Names()}.");

        /// <summary>The descriptor of a saved member.</summary>
        public static MemberDescriptor ForSavedModel(AnoOnlyBackbone member)
            => (MemberDescriptor?)Find(member) ?? Array.Find(Detectors, d => d.Id == member) ?? throw new AnoOnlyModelFormatException(
                $"The AnoOnly model has a member of kind {(int)member}, which this version of Microsoft.ML.AnoOnly does not have " +
                $"(it has {Names()}).");

        /// <summary>The backbone named <paramref name="name"/> (its <see cref="AnoOnlyBackbone"/> name or its paper's
        /// spelling, ignoring case).</summary>
        public static IModelRecipe? Parse(string name)
            => Selectable.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(d.Id.ToString(), name, StringComparison.OrdinalIgnoreCase));

        /// <summary>Adds a backbone until the returned handle is disposed (tests register backbones of their own).</summary>
        internal static IDisposable Register(BackboneDescriptor descriptor)
        {
            lock (Gate)
            {
                if (Selectable.Any(r => r.Id == descriptor.Id) || Array.Exists(Detectors, d => d.Id == descriptor.Id))
                    throw new InvalidOperationException($"Backbone {(int)descriptor.Id} is already registered.");
                _networks = _networks.Append(descriptor).ToArray();
            }
            return new Registration(descriptor);
        }

        private static string Names() => string.Join(", ", Selectable.Select(d => d.Id));

        private sealed class Registration : IDisposable
        {
            private readonly BackboneDescriptor _descriptor;

            public Registration(BackboneDescriptor descriptor) => _descriptor = descriptor;

            public void Dispose()
            {
                lock (Gate)
                    _networks = _networks.Where(d => d != _descriptor).ToArray();
            }
        }
    }
}
