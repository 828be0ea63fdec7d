using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones.DeepSad;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Backbones.FeaWad;
using Microsoft.ML.AnoOnly.Backbones.PReNet;

namespace Microsoft.ML.AnoOnly.Backbones
{
    /// <summary>
    /// The backbones this library trains and scores: the one list the rest of the library reads. Adding a
    /// backbone is a folder with its descriptor and one line here.
    /// </summary>
    internal static class BackboneRegistry
    {
        private static readonly object Gate = new();

        private static BackboneDescriptor[] _registered =
        {
            new DevNetBackbone(),
            new DeepSadBackbone(),
            new PReNetBackbone(),
            new FeaWadBackbone(),
        };

        public static IReadOnlyList<BackboneDescriptor> All => _registered;

        /// <summary>The descriptor of <paramref name="backbone"/>, or null when none is registered.</summary>
        public static BackboneDescriptor? Find(AnoOnlyBackbone backbone) => Array.Find(_registered, d => d.Id == backbone);

        /// <summary>The descriptor <see cref="AnoOnlyTrainer.Options.Backbone"/> selects.</summary>
        public static BackboneDescriptor ForOptions(AnoOnlyBackbone backbone)
            => Find(backbone) ?? throw new ArgumentOutOfRangeException(nameof(AnoOnlyTrainer.Options.Backbone), backbone,
                $"Options.Backbone {(int)backbone} is not a backbone of this library; the backbones are {Names()}.");

        /// <summary>The descriptor of a saved member.</summary>
        public static BackboneDescriptor ForSavedModel(AnoOnlyBackbone backbone)
            => Find(backbone) ?? throw new AnoOnlyModelFormatException(
                $"The AnoOnly model was trained with backbone {(int)backbone}, which this version of Microsoft.ML.AnoOnly does not " +
                $"have (it has {Names()}).");

        /// <summary>The backbone named <paramref name="name"/> (its <see cref="AnoOnlyBackbone"/> name or its paper's
        /// spelling, ignoring case).</summary>
        public static BackboneDescriptor? Parse(string name)
            => Array.Find(_registered, d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(d.Id.ToString(), name, StringComparison.OrdinalIgnoreCase));

        /// <summary>Adds a backbone until the returned handle is disposed (tests register backbones of their own).</summary>
        internal static IDisposable Register(BackboneDescriptor descriptor)
        {
            lock (Gate)
            {
                if (Find(descriptor.Id) != null)
                    throw new InvalidOperationException($"Backbone {(int)descriptor.Id} is already registered.");
                _registered = _registered.Append(descriptor).ToArray();
            }
            return new Registration(descriptor);
        }

        private static string Names() => string.Join(", ", _registered.Select(d => d.Id));

        private sealed class Registration : IDisposable
        {
            private readonly BackboneDescriptor _descriptor;

            public Registration(BackboneDescriptor descriptor) => _descriptor = descriptor;

            public void Dispose()
            {
                lock (Gate)
                    _registered = _registered.Where(d => d != _descriptor).ToArray();
            }
        }
    }
}
