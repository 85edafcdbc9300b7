//! The order stacks are deployed and destroyed in: a stack that imports values from
//! another ([`Expanded::depends_on`]) comes after it, and is destroyed before it.

use formwork::expand::Expanded;

/// The names of the stacks in the order they are deployed: each after every stack it
/// imports from, otherwise in the app's order. Imports from stacks that are not in
/// `stacks` are ignored (they are already deployed, or validation reports them). A
/// cycle, which validation reports as FW507, leaves the stacks in it in the app's order.
pub fn deploy_order(stacks: &[Expanded]) -> Vec<String> {
    let names: Vec<&str> = stacks.iter().map(|e| e.stack.as_str()).collect();
    let deps: Vec<Vec<&str>> = stacks
        .iter()
        .map(|e| e.depends_on().into_iter().filter(|d| *d != e.stack && names.contains(d)).collect())
        .collect();
    let mut placed: Vec<&str> = Vec::with_capacity(stacks.len());
    while placed.len() < names.len() {
        let ready = (0..names.len())
            .find(|&i| !placed.contains(&names[i]) && deps[i].iter().all(|d| placed.contains(d)))
            // a cycle: take the first stack not yet placed
            .or_else(|| (0..names.len()).find(|&i| !placed.contains(&names[i])));
        match ready {
            Some(i) => placed.push(names[i]),
            None => break,
        }
    }
    placed.into_iter().map(str::to_string).collect()
}

/// The names of the stacks in the order they are destroyed: the deploy order reversed,
/// so no stack is deleted while another still imports from it.
pub fn destroy_order(stacks: &[Expanded]) -> Vec<String> {
    let mut order = deploy_order(stacks);
    order.reverse();
    order
}
