using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Training;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>
    /// Draws configurations from a search space with one seeded <see cref="Random"/>: uniform draws, Latin
    /// hypercube batches (every dimension's range covered evenly), perturbations of good configurations, and the
    /// default configuration of every searchable backbone.
    /// </summary>
    internal sealed class ConfigurationSampler
    {
        private readonly Random _random;

        public ConfigurationSampler(OptionsSearchSpace space, Random random)
        {
            Space = space;
            _random = random;
        }

        public OptionsSearchSpace Space { get; }

        public SweepConfiguration Uniform()
            => SweepConfiguration.FromUnit(Space, Space.Dimensions.Select(_ => _random.NextDouble()).ToArray());

        /// <summary><paramref name="count"/> configurations whose values split each dimension into equal strata.</summary>
        public IReadOnlyList<SweepConfiguration> LatinHypercube(int count)
        {
            var unit = new double[count][];
            for (int i = 0; i < count; i++)
                unit[i] = new double[Space.Dimensions.Count];
            for (int d = 0; d < Space.Dimensions.Count; d++)
            {
                int[] strata = Enumerable.Range(0, count).ToArray();
                _random.Shuffle(strata);
                for (int i = 0; i < count; i++)
                    unit[i][d] = (strata[i] + _random.NextDouble()) / count;
            }
            return unit.Select(u => SweepConfiguration.FromUnit(Space, u)).ToArray();
        }

        /// <summary>
        /// A neighbour of <paramref name="center"/>: numeric settings move by a Gaussian step of
        /// <paramref name="scale"/> in unit coordinates, and each choice is redrawn with probability 0.2.
        /// </summary>
        public SweepConfiguration Perturb(SweepConfiguration center, double scale)
        {
            double[] unit = center.ToUnit();
            for (int d = 0; d < unit.Length; d++)
            {
                if (Space.Dimensions[d].Kind == DimensionKind.Choice)
                {
                    double draw = _random.NextDouble();
                    if (_random.NextDouble() < 0.2)
                        unit[d] = draw;
                }
                else
                {
                    unit[d] = Math.Clamp(unit[d] + scale * Gaussian(), 0, 1);
                }
            }
            return SweepConfiguration.FromUnit(Space, unit);
        }

        /// <summary>
        /// For each backbone candidate, the configuration the trainer would use with that backbone and no other
        /// setting: the backbone's defaults for epochs, batch size and learning rate (clamped into their ranges),
        /// each other dimension at its attribute's initial value.
        /// </summary>
        public IReadOnlyList<SweepConfiguration> BackboneDefaults()
        {
            SearchDimension? backbones = Space.Find(nameof(AnoOnlyTrainer.Options.Backbone));
            IEnumerable<object> candidates = backbones?.Candidates ?? new object[] { AnoOnlyBackbone.DevNet };
            var result = new List<SweepConfiguration>();
            foreach (AnoOnlyBackbone backbone in candidates.Cast<AnoOnlyBackbone>())
            {
                BackboneDefaults defaults = ((BackboneDescriptor)BackboneRegistry.ForOptions(backbone)).Defaults;
                var values = new object[Space.Dimensions.Count];
                for (int d = 0; d < values.Length; d++)
                {
                    SearchDimension dimension = Space.Dimensions[d];
                    object? value = dimension.Name switch
                    {
                        nameof(AnoOnlyTrainer.Options.Backbone) => backbone,
                        nameof(AnoOnlyTrainer.Options.NumberOfEpochs) => defaults.Epochs,
                        nameof(AnoOnlyTrainer.Options.BatchSize) => defaults.BatchSize,
                        nameof(AnoOnlyTrainer.Options.LearningRate) => defaults.LearningRate,
                        _ => dimension.Initial,
                    };
                    values[d] = value is null ? dimension.FromUnit(0.5) : Clamp(dimension, value);
                }
                result.Add(new SweepConfiguration(Space, values));
            }
            return result;
        }

        private static object Clamp(SearchDimension dimension, object value)
        {
            if (dimension.Kind == DimensionKind.Choice)
                return dimension.IndexOf(value) >= 0 ? value : dimension.Initial ?? dimension.Candidates[0];
            double x = Math.Clamp(Convert.ToDouble(value, CultureInfo.InvariantCulture), dimension.Min, dimension.Max);
            return Convert.ChangeType(dimension.Kind == DimensionKind.Integer ? Math.Round(x) : x, dimension.ValueType,
                CultureInfo.InvariantCulture);
        }

        private double Gaussian()
            => Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
    }
}
