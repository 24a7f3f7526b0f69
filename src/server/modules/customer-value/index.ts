/**
 * Public entry of the customer-value module. Nothing imports it: its routes and jobs are mounted
 * through its manifest; customers carry their class in their own row (customers.rfm_class).
 */
export {};
