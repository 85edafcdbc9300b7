//! The vendored price files: one per region, with its date and the page each price is
//! from (`data/prices/<region>.json`).

use serde_json::Value as Json;

/// The price files, by region.
const FILES: &[(&str, &str)] = &[("us-east-1", include_str!("../../data/prices/us-east-1.json"))];

/// The regions with a price file.
pub fn regions() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(r, _)| *r)
}

/// One price: US dollars per unit, and what the free tier gives each month.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    /// Dollars per unit (the first tier's, for tiered prices).
    pub usd: f64,
    /// Price tiers: (up to this many units a month, or `None` for the rest; dollars per
    /// unit). One tier for a flat price.
    pub tiers: Vec<(Option<f64>, f64)>,
    /// Units free each month.
    pub free_per_month: f64,
    /// What a unit is.
    pub unit: String,
    /// The pricing page the price is from.
    pub source: String,
    /// When it was taken from there.
    pub as_of: String,
}

impl Price {
    /// The cost of `units` in a month, through the tiers (the free tier not subtracted).
    pub fn cost(&self, units: f64) -> f64 {
        let mut left = units.max(0.0);
        let mut below = 0.0;
        let mut total = 0.0;
        for (up_to, usd) in &self.tiers {
            let span = match up_to {
                Some(limit) => (limit - below).max(0.0),
                None => f64::INFINITY,
            };
            let here = left.min(span);
            total += here * usd;
            left -= here;
            below += span;
            if left <= 0.0 {
                break;
            }
        }
        total
    }
}

/// The prices of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// The region, e.g. `us-east-1`.
    pub region: String,
    /// The date of the file.
    pub as_of: String,
    entries: Vec<(String, Price)>,
}

impl Prices {
    /// The vendored prices of `region`; `None` when there is no file for it.
    pub fn region(region: &str) -> Option<Prices> {
        let (_, text) = FILES.iter().find(|(r, _)| *r == region)?;
        // the vendored files are checked by this crate's tests
        Prices::from_json(text).ok()
    }

    /// Reads a price file.
    pub fn from_json(text: &str) -> Result<Prices, String> {
        let json: Json = serde_json::from_str(text).map_err(|e| format!("price file is not JSON: {e}"))?;
        let field = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).map(str::to_string);
        let region = field(&json, "region").ok_or("price file has no region")?;
        let as_of = field(&json, "as_of").ok_or("price file has no as_of date")?;
        let mut entries = Vec::new();
        for (name, p) in json.get("prices").and_then(Json::as_object).ok_or("price file has no prices")? {
            let tiers: Vec<(Option<f64>, f64)> = match (p.get("tiers"), p.get("usd")) {
                (Some(Json::Array(tiers)), _) => tiers
                    .iter()
                    .map(|t| Some((t.get(0)?.as_f64(), t.get(1)?.as_f64()?)))
                    .collect::<Option<_>>()
                    .ok_or_else(|| format!("price {name} has malformed tiers"))?,
                (_, Some(usd)) => {
                    vec![(None, usd.as_f64().ok_or_else(|| format!("price {name}: usd is not a number"))?)]
                }
                _ => Vec::new(),
            };
            entries.push((
                name.clone(),
                Price {
                    usd: tiers.first().map_or(0.0, |t| t.1),
                    tiers,
                    free_per_month: p.get("free_per_month").and_then(Json::as_f64).unwrap_or(0.0),
                    unit: field(p, "unit").unwrap_or_default(),
                    source: field(p, "source").ok_or_else(|| format!("price {name} has no source"))?,
                    as_of: field(p, "as_of").ok_or_else(|| format!("price {name} has no as_of date"))?,
                },
            ));
        }
        Ok(Prices { region, as_of, entries })
    }

    /// The price named `name` (`lambda_request`, `sqs_standard_request`, ...).
    pub fn get(&self, name: &str) -> Option<&Price> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }

    /// Every price, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Price)> {
        self.entries.iter().map(|(n, p)| (n.as_str(), p))
    }
}
