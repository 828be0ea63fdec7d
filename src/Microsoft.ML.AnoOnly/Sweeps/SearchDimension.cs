using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>What kind of values a <see cref="SearchDimension"/> takes.</summary>
    internal enum DimensionKind
    {
        /// <summary>One of a list of candidates (<c>[Choice]</c>, <c>[BooleanChoice]</c>).</summary>
        Choice,

        /// <summary>An integer range (<c>[Range(int, int)]</c>).</summary>
        Integer,

        /// <summary>A real range (<c>[Range(double, double)]</c> or <c>[Range(float, float)]</c>).</summary>
        Real,
    }

    /// <summary>
    /// One searched setting of an options class: a field or property with its <c>[Choice]</c> or <c>[Range]</c>
    /// mark, mapped to and from the unit interval so that tuners can work on [0, 1]^d whatever the setting's type.
    /// </summary>
    internal sealed class SearchDimension
    {
        private readonly MemberInfo _member;

        public SearchDimension(MemberInfo member, DimensionKind kind, IReadOnlyList<object> candidates, double min, double max,
            bool logScale, object? initial)
        {
            _member = member;
            Kind = kind;
            Candidates = candidates;
            Min = min;
            Max = max;
            LogScale = logScale;
            Initial = initial;
            Type memberType = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
            ValueType = Nullable.GetUnderlyingType(memberType) ?? memberType;
            IsNullable = Nullable.GetUnderlyingType(memberType) != null;
        }

        /// <summary>The field or property name.</summary>
        public string Name => _member.Name;

        /// <summary>The setting's type, without <see cref="Nullable{T}"/>.</summary>
        public Type ValueType { get; }

        /// <summary>Whether the member is <see cref="Nullable{T}"/> (null = the backbone's default).</summary>
        public bool IsNullable { get; }

        public DimensionKind Kind { get; }

        /// <summary>The candidates of a choice; empty for ranges.</summary>
        public IReadOnlyList<object> Candidates { get; }

        public double Min { get; }
        public double Max { get; }
        public bool LogScale { get; }

        /// <summary>The attribute's initial or default value, if it names one.</summary>
        public object? Initial { get; }

        /// <summary>The value at position <paramref name="unit"/> of [0, 1].</summary>
        public object FromUnit(double unit)
        {
            double u = Math.Clamp(double.IsNaN(unit) ? 0.5 : unit, 0, 1);
            switch (Kind)
            {
                case DimensionKind.Choice:
                    return Candidates[Math.Min(Candidates.Count - 1, (int)(u * Candidates.Count))];
                case DimensionKind.Integer:
                    // Each integer gets an equal share of the (log-)interval [min - 0.5, max + 0.5].
                    double low = Min - 0.5, high = Max + 0.5;
                    double x = LogScale
                        ? Math.Exp(Math.Log(Math.Max(low, 0.5)) + u * (Math.Log(high) - Math.Log(Math.Max(low, 0.5))))
                        : low + u * (high - low);
                    return Convert.ChangeType(Math.Clamp(Math.Round(x), Min, Max), ValueType, CultureInfo.InvariantCulture);
                default:
                    double value = LogScale ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
                    return Convert.ChangeType(Math.Clamp(value, Min, Max), ValueType, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>The position in [0, 1] of <paramref name="value"/> (the middle of its share for choices and integers).</summary>
        public double ToUnit(object value)
        {
            if (Kind == DimensionKind.Choice)
            {
                int index = IndexOf(value);
                if (index < 0)
                    throw new ArgumentException($"{value} is not a candidate of {Name}.", nameof(value));
                return (index + 0.5) / Candidates.Count;
            }
            double x = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            double low = Kind == DimensionKind.Integer ? Min - 0.5 : Min, high = Kind == DimensionKind.Integer ? Max + 0.5 : Max;
            if (LogScale)
            {
                low = Math.Max(low, Kind == DimensionKind.Integer ? 0.5 : double.Epsilon);
                return Math.Clamp((Math.Log(Math.Max(x, low)) - Math.Log(low)) / (Math.Log(high) - Math.Log(low)), 0, 1);
            }
            return Math.Clamp((x - low) / (high - low), 0, 1);
        }

        public int IndexOf(object value)
        {
            for (int i = 0; i < Candidates.Count; i++)
            {
                if (Equals(Candidates[i], value))
                    return i;
            }
            return -1;
        }

        public object? GetValue(object target)
            => _member is FieldInfo field ? field.GetValue(target) : ((PropertyInfo)_member).GetValue(target);

        public void SetValue(object target, object? value)
        {
            if (_member is FieldInfo field)
                field.SetValue(target, value);
            else
                ((PropertyInfo)_member).SetValue(target, value);
        }

        /// <summary>The same dimension with only the candidates that <paramref name="keep"/> accepts.</summary>
        public SearchDimension WithCandidates(Func<object, bool> keep)
        {
            object[] kept = Candidates.Where(keep).ToArray();
            if (kept.Length == 0)
                throw new InvalidOperationException($"No candidate of {Name} is left to search.");
            object? initial = Initial != null && kept.Contains(Initial) ? Initial : kept[0];
            return new SearchDimension(_member, Kind, kept, Min, Max, LogScale, initial);
        }

        /// <summary>The same range dimension over [<paramref name="min"/>, <paramref name="max"/>].</summary>
        public SearchDimension WithRange(double min, double max)
        {
            if (Kind == DimensionKind.Choice || !(min < max) || (LogScale && !(min > 0)))
                throw new ArgumentException($"Cannot narrow {Name} to [{min}, {max}].");
            return new SearchDimension(_member, Kind, Candidates, min, max, LogScale, Initial);
        }

        /// <summary>A readable value: round numbers for reals, names for enums.</summary>
        public static string Format(object? value) => value switch
        {
            null => "default",
            double d => d.ToString("G3", CultureInfo.InvariantCulture),
            float f => f.ToString("G3", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
