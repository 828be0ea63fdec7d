using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>One point of an <see cref="OptionsSearchSpace"/>: a value per dimension, in the space's order.</summary>
    internal sealed class SweepConfiguration
    {
        private readonly object[] _values;

        public SweepConfiguration(OptionsSearchSpace space, IReadOnlyList<object> values)
        {
            if (values.Count != space.Dimensions.Count)
                throw new ArgumentException($"{values.Count} values for {space.Dimensions.Count} dimensions.", nameof(values));
            Space = space;
            _values = values.ToArray();
        }

        public OptionsSearchSpace Space { get; }

        public IReadOnlyList<object> Values => _values;

        public object this[string name]
        {
            get
            {
                int index = Space.IndexOf(name);
                return index >= 0 ? _values[index] : throw new KeyNotFoundException($"No searched setting '{name}'.");
            }
        }

        /// <summary>The configuration from a point of the unit hypercube.</summary>
        public static SweepConfiguration FromUnit(OptionsSearchSpace space, IReadOnlyList<double> unit)
            => new(space, space.Dimensions.Select((d, i) => d.FromUnit(unit[i])).ToArray());

        /// <summary>The configuration's point in the unit hypercube.</summary>
        public double[] ToUnit() => Space.Dimensions.Select((d, i) => d.ToUnit(_values[i])).ToArray();

        /// <summary>A copy of <paramref name="baseOptions"/> with the searched settings of this configuration.</summary>
        public AnoOnlyTrainer.Options Apply(AnoOnlyTrainer.Options baseOptions)
        {
            AnoOnlyTrainer.Options options = OptionsCopy.Clone(baseOptions);
            for (int i = 0; i < _values.Length; i++)
                Space.Dimensions[i].SetValue(options, _values[i]);
            return options;
        }

        /// <summary>The searched values by name, formatted for people.</summary>
        public IReadOnlyDictionary<string, object> ToDictionary()
            => Space.Dimensions.Select((d, i) => (d.Name, Value: _values[i])).ToDictionary(p => p.Name, p => p.Value);

        /// <summary>Two configurations with the same key train the same way.</summary>
        public string Key => string.Join("|", _values.Select(SearchDimension.Format));

        public override string ToString()
            => string.Join(", ", Space.Dimensions.Select((d, i) => $"{d.Name}={SearchDimension.Format(_values[i])}"));
    }
}
