"""Reading CRM exports as the CRMs hand them over (Salesforce, HubSpot, Pipedrive)."""
